import type { ServerResponse } from 'node:http';
import zlib from 'node:zlib';

/** A content coding a compression bomb can use. */
export type BombEncoding = 'gzip' | 'br' | 'deflate';

const MEMBER_BYTES = 1 << 20;
const bombs = new Map<string, Promise<Buffer>>();

/**
 * A body of `encoding` that decodes to `decodedBytes` zero bytes (rounded up to MiB) from about a
 * thousandth of that: gzip as many copies of one 1 MiB member (gunzip reads concatenated members),
 * br and deflate compressed for real (br in a fraction of a second, deflate about 2 s per GiB).
 * Cached per encoding and size.
 *
 * @example
 * ```ts
 * res.writeHead(200, { 'content-encoding': 'gzip' }).end(await compressionBomb('gzip', 1100 * 2 ** 20));
 * ```
 */
export function compressionBomb(encoding: BombEncoding, decodedBytes: number): Promise<Buffer> {
  const key = `${encoding}/${decodedBytes}`;
  let bomb = bombs.get(key);
  if (bomb === undefined) {
    bomb = buildBomb(encoding, Math.ceil(decodedBytes / MEMBER_BYTES));
    bombs.set(key, bomb);
  }
  return bomb;
}

async function buildBomb(encoding: BombEncoding, mebibytes: number): Promise<Buffer> {
  if (encoding === 'gzip') {
    const member = zlib.gzipSync(Buffer.alloc(MEMBER_BYTES), { level: 9 });
    return Buffer.concat(Array.from({ length: mebibytes }, () => member));
  }
  const stream =
    encoding === 'br'
      ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })
      : zlib.createDeflate({ level: 9 });
  const output: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => output.push(chunk));
  const zeros = Buffer.alloc(MEMBER_BYTES);
  for (let written = 0; written < mebibytes; written++) {
    if (!stream.write(zeros)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve).on('error', reject);
    stream.end();
  });
  return Buffer.concat(output);
}

/** Answers 200 with a body that never ends: 64 KiB chunks as fast as the client reads, until it hangs up. */
export function serveEndlessBody(res: ServerResponse, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  res.writeHead(200, headers);
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

/**
 * Answers 200 and then drips the body one byte every `intervalMs`, never ending it: every chunk comes
 * well within a between-chunks timeout, so only a deadline on the whole response stops it.
 */
export function serveDrip(res: ServerResponse, intervalMs = 1000, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  res.writeHead(200, headers);
  res.write('{');
  const timer = setInterval(() => res.write(' '), intervalMs);
  res.on('close', () => clearInterval(timer));
}
