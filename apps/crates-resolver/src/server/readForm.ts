import type { IncomingMessage } from 'node:http';
import { ServiceError } from './ServiceFailure.js';

export interface ReadFormLimits {
  /** Larger bodies are a 413 (a Cargo.lock of thousands of packages is well under 1 MiB). */
  maxBytes: number;
  /** A body not received within this is a 408 (a client that stalls mid-upload holds nothing for long). */
  timeoutMs: number;
}

/**
 * Reads a form body the way Go's `Request.FormValue` would accept it: URL-encoded or multipart,
 * plus the query string; within a size and a time limit.
 */
export async function readForm(request: IncomingMessage, limits: ReadFormLimits): Promise<URLSearchParams> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const body = await readBody(request, limits);
  const fields = new URLSearchParams(new URL(request.url ?? '/', 'http://localhost').search);
  const contentType = request.headers['content-type'] ?? '';
  if (body.length === 0) return fields;
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType)) {
    throw new ServiceError('ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported content type ${JSON.stringify(contentType.slice(0, 80))}`, {
      status: 415,
      hint: 'send a form: application/x-www-form-urlencoded or multipart/form-data',
    });
  }
  // URL-encoded (what clients send): parsed straight from the bytes, without the fetch machinery's
  // streams and copies (a busy service's main thread lives on its allocation rate).
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) fields.set(name, value);
    return fields;
  }
  // Multipart: the fetch Request parses the boundaries.
  const form = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': contentType }, body })
    .formData()
    .catch((error: unknown) => {
      throw new ServiceError('ERR_BAD_REQUEST', 'malformed form body', { status: 400, hint: 'send the fields lockfile_base64 and published_time', cause: error });
    });
  for (const [name, value] of form) fields.set(name, typeof value === 'string' ? value : await value.text());
  return fields;
}

function readBody(request: IncomingMessage, { maxBytes, timeoutMs }: ReadFormLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: ServiceError): void => {
      clearTimeout(timer);
      request.removeAllListeners('data');
      request.pause();
      reject(error);
    };
    const timer = setTimeout(() => stop(new ServiceError('ERR_REQUEST_TIMEOUT', `the request body did not arrive within ${timeoutMs} ms`, { status: 408 })), timeoutMs);
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return stop(tooLarge(maxBytes));
      chunks.push(chunk);
    });
    request.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function tooLarge(maxBytes: number): ServiceError {
  return new ServiceError('ERR_BODY_TOO_LARGE', `request body larger than ${maxBytes} bytes`, {
    status: 413,
    hint: 'a Cargo.lock is far smaller; check what is being sent (the limit is --max-body)',
  });
}
