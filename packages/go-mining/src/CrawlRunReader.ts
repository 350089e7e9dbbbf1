import { closeSync, openSync, readSync } from 'node:fs';
import { GoMinerError } from './errors/GoMinerError.js';

/** Bytes read per read(): a merge of a few hundred runs keeps well under 100 MB of buffers. */
const READ_CHUNK = 128 * 1024;

const RESTART_HINT = 'The state directory was modified outside go-miner; move it aside and start over with a fresh --state-dir.';

/** One line of a run (see writeCrawlRun), parsed. */
export interface RunRecord {
  path: string;
  firstMicros: number;
  firstOrdinal: number;
  newestMicros: number;
  newestOrdinal: number;
  newestVersion: string;
  newestTimestamp: string;
}

/**
 * Reads a run file sequentially, one record at a time, in large reads: `current` is the record under
 * the cursor (`undefined` at the end), `advance()` moves to the next one.
 */
export class CrawlRunReader {
  readonly file: string;
  current: RunRecord | undefined;
  #fd: number | undefined;
  readonly #buffer = Buffer.allocUnsafe(READ_CHUNK);
  #text = '';
  #offset = 0;
  #line = 0;

  constructor(file: string) {
    this.file = file;
    try {
      this.#fd = openSync(file, 'r');
    } catch (error) {
      throw new GoMinerError('ERR_STATE_CORRUPT', `Crawl run ${file} cannot be read: ${(error as Error).message}`, { cause: error, hint: RESTART_HINT });
    }
    this.advance();
  }

  advance(): void {
    let end = this.#text.indexOf('\n', this.#offset);
    while (end === -1 && this.#fd !== undefined) {
      const read = readSync(this.#fd, this.#buffer, 0, READ_CHUNK, null);
      if (read === 0) {
        this.close();
        break;
      }
      this.#text = this.#text.slice(this.#offset) + this.#buffer.toString('latin1', 0, read);
      this.#offset = 0;
      end = this.#text.indexOf('\n');
    }
    if (end === -1) {
      if (this.#offset < this.#text.length) throw this.#corrupt('its last line is incomplete');
      this.current = undefined;
      return;
    }
    const fields = this.#text.slice(this.#offset, end).split('\t');
    this.#offset = end + 1;
    this.#line++;
    if (fields.length !== 7) throw this.#corrupt(`line ${this.#line} has ${fields.length} fields instead of 7`);
    this.current = {
      path: fields[0]!,
      firstMicros: Number(fields[1]),
      firstOrdinal: Number(fields[2]),
      newestMicros: Number(fields[3]),
      newestOrdinal: Number(fields[4]),
      newestVersion: fields[5]!,
      newestTimestamp: fields[6]!,
    };
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #corrupt(problem: string): GoMinerError {
    this.close();
    return new GoMinerError('ERR_STATE_CORRUPT', `Crawl run ${this.file} is damaged: ${problem}`, { hint: RESTART_HINT });
  }
}
