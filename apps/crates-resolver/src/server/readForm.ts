import type { IncomingMessage } from 'node:http';

/** Requests larger than this are refused: a Cargo.lock of thousands of packages is well under 1 MiB. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class RequestBodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a form body the way Go's `Request.FormValue` would accept it: URL-encoded or multipart,
 * plus the query string.
 */
export async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestBodyError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const fields = new URLSearchParams(new URL(request.url ?? '/', 'http://localhost').search);
  const contentType = request.headers['content-type'] ?? '';
  if (chunks.length === 0) return fields;
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType)) {
    throw new RequestBodyError(415, `unsupported content type ${JSON.stringify(contentType)}: send a form (application/x-www-form-urlencoded or multipart/form-data)`);
  }
  // The fetch Request parses both encodings, including multipart boundaries.
  const form = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': contentType }, body: Buffer.concat(chunks) })
    .formData()
    .catch((error: unknown) => {
      throw new RequestBodyError(400, `malformed form body: ${(error as Error).message}`);
    });
  for (const [name, value] of form) fields.set(name, typeof value === 'string' ? value : await value.text());
  return fields;
}
