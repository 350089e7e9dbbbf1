import { logTimestamp } from '@registry-miners/progress';
import { ProgressLine } from './ProgressLine.js';

/** The global output flags every command accepts. */
export interface OutputArgs {
  quiet: boolean;
  verbose: boolean;
}

/**
 * Everything a command says on stderr besides its error: progress, warnings, and with `--verbose`
 * details. `--quiet` leaves only errors. stdout is never touched: it carries the result alone.
 */
export class Reporter {
  readonly #stream: NodeJS.WriteStream;
  readonly #level: 'quiet' | 'normal' | 'verbose';
  readonly #progress: ProgressLine;

  constructor(args: Partial<OutputArgs>, stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
    this.#level = args.quiet ? 'quiet' : args.verbose ? 'verbose' : 'normal';
    this.#progress = new ProgressLine(stream);
  }

  get verbose(): boolean {
    return this.#level === 'verbose';
  }

  /** Clone and fetch progress: a line redrawn in place on a terminal, timestamped log lines otherwise. */
  progress(text: string): void {
    if (this.#level !== 'quiet') this.#progress.update(text);
  }

  /** Something the user should know although the command goes on (stale data, an old clone). */
  warn(text: string): void {
    if (this.#level === 'quiet') return;
    this.#progress.done();
    this.#stream.write(`warning: ${text}\n`);
  }

  /** A timestamped log line shown only with `--verbose`. */
  detail(text: string): void {
    if (this.#level !== 'verbose') return;
    this.#progress.done();
    this.#stream.write(`${logTimestamp()} ${text}\n`);
  }

  /** Ends the progress line: call it before printing the result. */
  done(): void {
    this.#progress.done();
  }
}
