import type { ResolveManyProgress } from '@registry-miners/crates-batch';

/**
 * Progress of a batch on stderr: on a terminal one line rewritten in place, otherwise one log line
 * every `intervalMs` (`resolve-many 120/400 (30.0%) ok 118 failed 2 skipped 0, 35.2/s, eta 8s`).
 */
export class BatchProgress {
  readonly #stream: NodeJS.WriteStream;
  readonly #started = performance.now();
  readonly #timer: NodeJS.Timeout;
  #state: ResolveManyProgress | undefined;

  constructor(stream: NodeJS.WriteStream, intervalMs: number) {
    this.#stream = stream;
    this.#timer = setInterval(() => this.#show(), stream.isTTY ? Math.min(intervalMs, 250) : intervalMs);
    this.#timer.unref();
  }

  update(state: ResolveManyProgress): void {
    this.#state = state;
  }

  /** The final line. */
  finish(): void {
    clearInterval(this.#timer);
    this.#show(true);
  }

  #show(final = false): void {
    const { total, ok, failed, skipped } = this.#state ?? { total: undefined, ok: 0, failed: 0, skipped: 0 };
    const done = ok + failed + skipped;
    const seconds = (performance.now() - this.#started) / 1000;
    const rate = (ok + failed) / Math.max(seconds, 0.001);
    const of = total === undefined ? `${done}` : `${done}/${total} (${((100 * done) / Math.max(total, 1)).toFixed(1)}%)`;
    const eta = total === undefined || rate === 0 || final ? '' : `, eta ${Math.ceil((total - done) / rate)}s`;
    const line = `resolve-many ${of} ok ${ok} failed ${failed} skipped ${skipped}, ${rate.toFixed(1)}/s${eta}${final ? `, ${seconds.toFixed(1)}s` : ''}`;
    this.#stream.write(this.#stream.isTTY && !final ? `\r${line}\u001b[K` : `${this.#stream.isTTY ? '\r' : ''}${line}\n`);
  }
}
