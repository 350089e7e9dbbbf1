import { logTimestamp } from '@registry-miners/progress';

/**
 * One line of progress on stderr: redrawn in place on a terminal, and at most every few seconds as
 * timestamped log lines on a pipe (so CI logs stay readable and say when each step happened).
 */
export class ProgressLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #intervalMs: number;
  #lastWrite = 0;
  #drawn = false;

  constructor(stream: NodeJS.WriteStream, intervalMs = 5000) {
    this.#stream = stream;
    this.#intervalMs = intervalMs;
  }

  update(text: string): void {
    const now = Date.now();
    if (this.#stream.isTTY) {
      this.#stream.write(`\r\x1b[2K${text.slice(0, (this.#stream.columns ?? 100) - 1)}`);
      this.#drawn = true;
    } else if (now - this.#lastWrite >= this.#intervalMs) {
      this.#stream.write(`${logTimestamp()} ${text}\n`);
      this.#lastWrite = now;
    }
  }

  /** Ends an in-place line so that what follows (a log line, the result) starts on a fresh line. */
  done(): void {
    if (this.#drawn) this.#stream.write('\n');
    this.#drawn = false;
  }
}
