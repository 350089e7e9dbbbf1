import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

/** Bytes gathered before one write(), and read at once. */
const CHUNK = 1 << 20;

/**
 * Module paths written once to a scratch file, in order, then read back in that order as many times as
 * needed: a pass over it costs a fraction of a pass over the store, which decodes every record. Paths are
 * ASCII without newlines (go-index checks them): one per line. Not fsynced: who writes it writes it again
 * after a crash.
 */
export class PathSpool {
  readonly file: string;
  readonly #fd: number;
  readonly #buffer = Buffer.allocUnsafe(CHUNK + 2048);
  #used = 0;
  #length = 0;

  constructor(file: string) {
    this.file = file;
    this.#fd = openSync(file, 'w+');
  }

  add(path: string): void {
    this.#used += this.#buffer.write(path, this.#used, 'latin1');
    this.#buffer[this.#used++] = 10;
    if (this.#used >= CHUNK) this.#flush();
  }

  /** The paths in the order they were added. */
  *paths(): Generator<string> {
    this.#flush();
    const buffer = this.#buffer;
    let position = 0;
    let kept = 0;
    while (position < this.#length) {
      const read = readSync(this.#fd, buffer, kept, Math.min(CHUNK, this.#length - position), position);
      position += read;
      const end = kept + read;
      let start = 0;
      for (let newline = buffer.indexOf(10, start); newline !== -1 && newline < end; newline = buffer.indexOf(10, start)) {
        yield buffer.toString('latin1', start, newline);
        start = newline + 1;
      }
      // A path cut by the chunk's end: moved to the front, completed by the next read.
      kept = buffer.copy(buffer, 0, start, end);
    }
  }

  /** Closes and deletes the file. */
  remove(): void {
    closeSync(this.#fd);
    rmSync(this.file, { force: true });
  }

  #flush(): void {
    if (this.#used === 0) return;
    this.#length += writeSync(this.#fd, this.#buffer, 0, this.#used, this.#length);
    this.#used = 0;
  }
}
