import type { ClassifiedResponse } from './ResponseClassifier.js';

/** A fully read response, resolved by {@link HttpPool.get} for `ok` and `final` verdicts. */
export interface HttpResponse extends ClassifiedResponse {
  /** Attempts it took, the first one included. */
  attempts: number;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
}

/** The {@link HttpResponse} the pool hands out: plain fields, methods on the prototype. */
export class BufferedHttpResponse implements HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  attempts: number;

  constructor(url: string, status: number, headers: Record<string, string | string[] | undefined>, body: Buffer, attempts: number) {
    this.url = url;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.attempts = attempts;
  }

  text(): string {
    return this.body.toString('utf8');
  }

  json<T = unknown>(): T {
    return JSON.parse(this.text()) as T;
  }
}
