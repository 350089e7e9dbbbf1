import type { ProgressReporter } from './ProgressReporter.js';

/** No progress output at all (`--progress none`); log lines still go to stderr unless `quiet`. */
export class SilentProgress implements ProgressReporter {
  private readonly quiet: boolean;

  constructor(quiet = false) {
    this.quiet = quiet;
  }

  update(): void {}
  note(): void {}
  finish(): void {}
  log(message: string): void {
    if (!this.quiet) process.stderr.write(`${message}\n`);
  }
  close(): void {}
}
