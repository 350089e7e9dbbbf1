import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { ResolutionFailureKind } from './ResolutionFailure.js';
import type { ResolutionJson } from './resolutionJson.js';

/** The error of a batch line: the failure's classification, and whether a rerun retries it. */
export interface BatchError {
  kind: ResolutionFailureKind;
  code: string;
  message: string;
  hint?: string | undefined;
  /** True for passing failures (`out-of-date`, `upstream`, `unavailable`, `internal`): a rerun with the same output tries again. */
  retryable: boolean;
}

/** One line of the output: the input's id, then the answer's fields or the error. */
export type BatchResult = { id: string; lockfile?: string | undefined; published?: string | undefined } & (
  | (ResolutionJson & { error?: undefined })
  | { error: BatchError }
);

/**
 * The batch's JSON Lines output, appended one whole line per write so a killed run leaves at most
 * one partial last line. Opening an existing file resumes: the partial line is cut off, and the ids
 * already answered (resolved, or failed for a reason a retry would not change) are skipped.
 */
export class BatchOutput {
  readonly done: Set<string>;
  readonly #fd: number;

  private constructor(fd: number, done: Set<string>) {
    this.#fd = fd;
    this.done = done;
  }

  static open(path: string): BatchOutput {
    const done = new Set<string>();
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      const complete = text.lastIndexOf('\n') + 1;
      if (complete < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, complete)));
      for (const line of text.slice(0, complete).split('\n')) {
        if (line === '') continue;
        try {
          const result = JSON.parse(line) as Partial<BatchResult>;
          if (typeof result.id === 'string' && !result.error?.retryable) done.add(result.id);
        } catch {
          // A damaged line is answered again.
        }
      }
    }
    return new BatchOutput(openSync(path, 'a'), done);
  }

  /** Standard output: no resume. */
  static stdout(): BatchOutput {
    return new BatchOutput(1, new Set());
  }

  write(result: BatchResult): void {
    writeSync(this.#fd, `${JSON.stringify(result)}\n`);
    this.done.add(result.id);
  }

  close(): void {
    if (this.#fd === 1) return;
    fsyncSync(this.#fd);
    closeSync(this.#fd);
  }
}
