import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Characters gathered before a write: a stream write per row cost more than formatting the row. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Text written to a stream in chunks of about 64 KiB, with the stream's backpressure: {@link write} returns a
 * promise to await when the stream asks to wait. A stream error is thrown by the next call.
 */
export class ChunkedTextWriter {
  readonly #destination: Writable;
  readonly #endDestination: boolean;
  #pending = '';
  #failure: unknown;

  /** `endDestination`: {@link end} ends the stream (a file we opened), rather than only flushing into it (stdout). */
  constructor(destination: Writable, endDestination: boolean) {
    this.#destination = destination;
    this.#endDestination = endDestination;
    destination.on('error', (error) => {
      this.#failure ??= error;
    });
  }

  write(text: string): Promise<void> | undefined {
    if (this.#failure) throw this.#failure;
    this.#pending += text;
    return this.#pending.length < CHUNK_CHARS ? undefined : this.#flush();
  }

  /** Writes what is gathered; resolves once the stream took it all (and ended, when it is ours to end). */
  async end(): Promise<void> {
    if (this.#pending.length > 0) await this.#flush();
    if (this.#failure) throw this.#failure;
    const destination = this.#destination;
    if (this.#endDestination) {
      destination.end();
      await once(destination, 'finish');
    } else if (destination.writableNeedDrain) {
      await once(destination, 'drain');
    }
  }

  #flush(): Promise<void> | undefined {
    const chunk = this.#pending;
    this.#pending = '';
    return this.#destination.write(chunk) ? undefined : once(this.#destination, 'drain').then(() => undefined);
  }
}
