import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Dispatcher } from 'undici';

type Decoder = (input: Buffer) => Promise<Buffer>;

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** `deflate` is zlib-wrapped per the RFC, but some servers send raw deflate: accept both. */
const inflateEither: Decoder = (input) => inflate(input).catch(() => inflateRaw(input));

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  br: brotli,
  deflate: inflateEither,
};

/** The `Accept-Encoding` this interceptor can honour. */
export const ACCEPT_ENCODING = 'gzip, br';

/** The decoders for a `Content-Encoding` value, in the order to apply them; `undefined` if one is unsupported. */
function decodersFor(contentEncoding: string | string[]): Decoder[] | undefined {
  const codings = (Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding)
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  const decoders: Decoder[] = [];
  for (let index = codings.length - 1; index >= 0; index--) {
    const decoder = DECODERS[codings[index]!];
    if (decoder === undefined) return undefined;
    decoders.push(decoder);
  }
  return decoders;
}

/**
 * Buffers an encoded body and hands the next handler the decoded bytes in one chunk, with
 * `content-encoding` and `content-length` removed. Registry responses are small and read whole, so
 * buffering costs nothing and keeps the handler simple; error responses are decoded too, since
 * classifiers read their bodies. Unsupported encodings pass through untouched.
 */
class DecompressHandler implements Dispatcher.DispatchHandler {
  readonly #next: Dispatcher.DispatchHandler;
  #decoders: Decoder[] | undefined;
  #chunks: Buffer[] = [];
  #length = 0;

  constructor(next: Dispatcher.DispatchHandler) {
    this.#next = next;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#next.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>, socket: import('node:stream').Duplex): void {
    this.#next.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    const encoding = headers['content-encoding'];
    if (encoding !== undefined && statusCode !== 204 && statusCode !== 304) {
      const decoders = decodersFor(encoding);
      if (decoders !== undefined && decoders.length > 0) {
        this.#decoders = decoders;
        const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
        headers = rest;
      }
    }
    this.#next.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#decoders === undefined) {
      this.#next.onResponseData?.(controller, chunk);
      return;
    }
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: Record<string, string | string[] | undefined>): void {
    const decoders = this.#decoders;
    // An empty body stays empty whatever its declared encoding (gunzip would call it truncated).
    if (decoders === undefined || this.#length === 0) {
      this.#next.onResponseEnd?.(controller, trailers);
      return;
    }
    let decoded: Promise<Buffer> = Promise.resolve(Buffer.concat(this.#chunks, this.#length));
    this.#chunks = [];
    for (const decoder of decoders) decoded = decoded.then(decoder);
    decoded.then(
      (body) => {
        if (body.length > 0) this.#next.onResponseData?.(controller, body);
        this.#next.onResponseEnd?.(controller, trailers);
      },
      (error: unknown) => {
        this.#next.onResponseError?.(controller, error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#chunks = [];
    this.#next.onResponseError?.(controller, error);
  }
}

/**
 * An undici interceptor decoding gzip, br and deflate response bodies (see {@link DecompressHandler}).
 * undici 7 ships `interceptors.decompress` too, but marks it experimental and prints a process warning
 * on first use; this one is small, buffered and quiet.
 *
 * @example
 * ```ts
 * const dispatcher = new Agent().compose(decompressInterceptor());
 * ```
 */
export function decompressInterceptor(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => dispatch(options, new DecompressHandler(handler));
}
