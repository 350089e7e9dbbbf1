import type { Dispatcher } from 'undici';
import { AttemptLimitError } from './AttemptLimitError.js';
import { decodeBody, decodersFor } from './decodeBody.js';
import type { WireEntry } from './OnTheWire.js';

type Headers = Record<string, string | string[] | undefined>;

/** How one attempt ended: a complete response, or an error (network, timeout, limit, abort). */
export type AttemptOutcome =
  | { error: undefined; status: number; headers: Headers; body: Buffer }
  | { error: Error; status?: undefined; headers?: undefined; body?: undefined };

/** The limits of one attempt. */
export interface AttemptLimits {
  /** Body bytes allowed, both as received and once decoded. */
  maxBodyBytes: number;
  /** `performance.now()` by which the whole response (headers and body) must be in. */
  deadline: number;
  /** What the deadline is named after in errors, e.g. `responseTimeoutMs (30000 ms)`. */
  deadlineName: string;
}

const EMPTY = Buffer.alloc(0);

/**
 * The one handler of an attempt: reads the whole body into memory, decodes gzip/br/deflate (dropping
 * `content-encoding` and `content-length`), and reports the outcome once, through `done`. Bounded: the
 * body stops at `maxBodyBytes` (an endless body, or a compression bomb, which decodes under the same
 * cap), and {@link expire} ends an attempt past its deadline (the pool sweeps them: a slow drip of one
 * byte every few seconds never trips undici's between-chunks timeout). An exchange that starts after
 * `signal` fired is aborted at once.
 */
export class BodyCollector implements Dispatcher.DispatchHandler, WireEntry {
  readonly deadline: number;
  /** Links of the pool's `OnTheWire` list. */
  wirePrev: BodyCollector | undefined = undefined;
  wireNext: BodyCollector | undefined = undefined;
  #done: ((outcome: AttemptOutcome) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #limits: AttemptLimits;
  readonly #url: string;
  #controller: Dispatcher.DispatchController | undefined;
  #status: number | undefined;
  #headers: Headers | undefined;
  #decoders: ReturnType<typeof decodersFor>;
  /** The body so far: most bodies are one chunk, kept without an array. */
  #first: Buffer | undefined;
  #more: Buffer[] | undefined;
  #length = 0;

  constructor(url: string, limits: AttemptLimits, done: (outcome: AttemptOutcome) => void, signal?: AbortSignal) {
    this.#url = url;
    this.#limits = limits;
    this.deadline = limits.deadline;
    this.#done = done;
    this.#signal = signal;
  }

  /** Aborts the exchange because `signal` fired (the owner watches it), even before it reached a socket. */
  abort(): void {
    this.#stop(abortReason(this.#signal));
  }

  /** Ends the attempt because its deadline passed. */
  expire(): void {
    const { deadlineName } = this.#limits;
    const phase = this.#status === undefined ? 'no response headers' : `HTTP ${this.#status} headers came but the body (${this.#length} bytes so far) did not end`;
    this.#stop(new AttemptLimitError('ERR_HTTP_RESPONSE_TIMEOUT', `${phase} within ${deadlineName}`, { details: { status: this.#status } }));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#signal?.aborted) controller.abort(abortReason(this.#signal));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Headers): void {
    this.#status = statusCode;
    const encoding = headers['content-encoding'];
    if (encoding !== undefined && statusCode !== 204 && statusCode !== 304) {
      this.#decoders = decodersFor(encoding);
      if (this.#decoders !== undefined) {
        const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
        headers = rest;
      }
    }
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#done === undefined) return;
    this.#length += chunk.length;
    if (this.#length > this.#limits.maxBodyBytes) {
      this.#stop(this.#tooLarge(this.#decoders === undefined ? '' : ' before decoding'));
      return;
    }
    if (this.#first === undefined) this.#first = chunk;
    else (this.#more ??= [this.#first]).push(chunk);
  }

  onResponseEnd(): void {
    const body = this.#more !== undefined ? Buffer.concat(this.#more, this.#length) : (this.#first ?? EMPTY);
    this.#first = undefined;
    this.#more = undefined;
    const decoders = this.#decoders;
    // An empty body stays empty whatever its declared encoding (gunzip would call it truncated).
    if (decoders === undefined || body.length === 0) {
      this.#finish({ error: undefined, status: this.#status!, headers: this.#headers!, body });
      return;
    }
    decodeBody(body, decoders, this.#limits.maxBodyBytes).then(
      (decoded) => this.#finish({ error: undefined, status: this.#status!, headers: this.#headers!, body: decoded }),
      (error: unknown) => {
        if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') this.#finish({ error: this.#tooLarge(' once decoded') });
        else this.#finish({ error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#finish({ error });
  }

  #tooLarge(when: string): AttemptLimitError {
    const limit = this.#limits.maxBodyBytes;
    return new AttemptLimitError('ERR_HTTP_BODY_TOO_LARGE', `GET ${this.#url}: the response body is larger than maxBodyBytes (${limit} bytes)${when}`, { details: { status: this.#status } });
  }

  #stop(error: Error): void {
    if (this.#done === undefined) return;
    this.#controller?.abort(error);
    this.#finish({ error });
  }

  #finish(outcome: AttemptOutcome): void {
    const done = this.#done;
    if (done === undefined) return;
    this.#done = undefined;
    this.#first = undefined;
    this.#more = undefined;
    done(outcome);
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}
