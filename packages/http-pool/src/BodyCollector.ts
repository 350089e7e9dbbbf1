import type { Dispatcher } from 'undici';

/** How one attempt ended: a complete response, or an error (network, timeout, abort). */
export type AttemptOutcome =
  | { error: undefined; status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
  | { error: Error; status?: undefined; headers?: undefined; body?: undefined };

const EMPTY = Buffer.alloc(0);

/**
 * The last handler of the dispatch chain: reads the whole body into memory and reports the outcome
 * once, through `done`. An exchange that starts after `signal` fired is aborted at once.
 */
export class BodyCollector implements Dispatcher.DispatchHandler {
  #done: ((outcome: AttemptOutcome) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: Record<string, string | string[] | undefined> = {};
  #chunks: Buffer[] = [];
  #length = 0;

  constructor(done: (outcome: AttemptOutcome) => void, signal?: AbortSignal) {
    this.#done = done;
    this.#signal = signal;
  }

  /** Aborts the exchange because `signal` fired (the owner watches it), even before it reached a socket. */
  abort(): void {
    const reason = abortReason(this.#signal);
    this.#controller?.abort(reason);
    this.#finish({ error: reason });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#signal?.aborted) controller.abort(abortReason(this.#signal));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, this.#length);
    this.#finish({ error: undefined, status: this.#status, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#finish({ error });
  }

  #finish(outcome: AttemptOutcome): void {
    const done = this.#done;
    if (done === undefined) return;
    this.#done = undefined;
    this.#chunks = [];
    done(outcome);
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}
