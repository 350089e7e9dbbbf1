import zlib from 'node:zlib';

/** Decodes one content coding; fails with `ERR_BUFFER_TOO_LARGE` past `maxOutputLength`. */
type Decoder = (input: Buffer, maxOutputLength: number) => Promise<Buffer>;

function zlibDecoder(method: (input: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions, callback: (error: Error | null, result: Buffer) => void) => void): Decoder {
  return (input, maxOutputLength) =>
    new Promise((resolve, reject) => {
      method(input, { maxOutputLength }, (error, result) => (error ? reject(error) : resolve(result)));
    });
}

const gunzip = zlibDecoder(zlib.gunzip);
const inflate = zlibDecoder(zlib.inflate);
const inflateRaw = zlibDecoder(zlib.inflateRaw);
const brotli = zlibDecoder(zlib.brotliDecompress);

/** `deflate` is zlib-wrapped per the RFC, but some servers send raw deflate: accept both. */
const inflateEither: Decoder = (input, max) =>
  inflate(input, max).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
    return inflateRaw(input, max);
  });

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  br: brotli,
  deflate: inflateEither,
};

/** The `Accept-Encoding` that {@link decodeBody} can honour. */
export const ACCEPT_ENCODING = 'gzip, br';

/**
 * The decoders for a `Content-Encoding` value, in the order to apply them: `undefined` when there is
 * nothing to decode (`identity`) or one coding is unsupported (the body then passes through untouched).
 */
export function decodersFor(contentEncoding: string | string[]): Decoder[] | undefined {
  const codings = (Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding).split(',');
  const decoders: Decoder[] = [];
  for (let index = codings.length - 1; index >= 0; index--) {
    const coding = codings[index]!.trim().toLowerCase();
    if (coding === '' || coding === 'identity') continue;
    const decoder = DECODERS[coding];
    if (decoder === undefined) return undefined;
    decoders.push(decoder);
  }
  return decoders.length === 0 ? undefined : decoders;
}

/**
 * Decodes a whole body through `decoders`, never producing more than `maxBytes` at any step: a
 * compression bomb stops at the limit (zlib's `maxOutputLength`) instead of filling memory.
 * Rejects with a `RangeError` of code `ERR_BUFFER_TOO_LARGE` past the limit.
 */
export async function decodeBody(encoded: Buffer, decoders: readonly Decoder[], maxBytes: number): Promise<Buffer> {
  let body = encoded;
  for (const decoder of decoders) body = await decoder(body, maxBytes);
  return body;
}
