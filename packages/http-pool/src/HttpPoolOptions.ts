import { checkInteger, checkNumber, expectedTypeError } from '@registry-miners/utils';
import { defaultUserAgent } from './defaultUserAgent.js';
import type { ProxySettings } from './ProxySettings.js';
import type { ResponseClassifier } from './ResponseClassifier.js';
import type { RetryEvent } from './RetryEvent.js';

/** Options of {@link HttpPool}; every one is optional. */
export interface HttpPoolOptions {
  /**
   * The `User-Agent` sent with every request. Registries ask crawlers to say who they are and how to
   * reach their authors.
   * @default 'registry-miners/<version> (+https://github.com/registry-miners/registry-miners)'
   * @example
   * ```ts
   * new HttpPool({ userAgent: 'my-crawler/1.0 (+mailto:me@example.org)' });
   * ```
   */
  userAgent?: string;

  /**
   * Keep-alive connections per origin (scheme, host and port), at most.
   * @default 64
   * @example
   * ```ts
   * new HttpPool({ connectionsPerOrigin: 16 });
   * ```
   */
  connectionsPerOrigin?: number;

  /**
   * Requests in flight across the whole pool, at most. A 429 lowers the limit in effect
   * ({@link HttpStats.concurrencyLimit}); successes raise it back to this value gradually.
   * @default 64
   * @example
   * ```ts
   * new HttpPool({ concurrency: 8 });
   * ```
   */
  concurrency?: number;

  /**
   * Requests started per second across the whole pool, at most (retries included); spread evenly
   * over the second rather than in bursts.
   * @default undefined (unlimited)
   * @example
   * ```ts
   * new HttpPool({ requestsPerSecond: 10 });
   * ```
   */
  requestsPerSecond?: number;

  /**
   * Milliseconds to wait for the response headers once a request is sent; also bounds the TCP/TLS
   * connect. A timeout is retried.
   * @default 30_000
   * @example
   * ```ts
   * new HttpPool({ headersTimeoutMs: 10_000 });
   * ```
   */
  headersTimeoutMs?: number;

  /**
   * Milliseconds the response body may stall between two chunks. A timeout is retried.
   * @default 60_000
   * @example
   * ```ts
   * new HttpPool({ bodyTimeoutMs: 20_000 });
   * ```
   */
  bodyTimeoutMs?: number;

  /**
   * Milliseconds one attempt may take from dispatch to the last body byte, whatever the pace of the
   * body: a server dripping a byte every few seconds never trips {@link bodyTimeoutMs}, but trips this.
   * A timeout is retried (within {@link maxElapsedMs}). Checked about four times a second.
   * @default 120_000
   * @example
   * ```ts
   * new HttpPool({ responseTimeoutMs: 20_000 });
   * ```
   */
  responseTimeoutMs?: number;

  /**
   * Largest response body accepted, in bytes, both as received and once decoded from gzip/br/deflate:
   * an endless body or a compression bomb stops there, and the request fails at once with
   * `ERR_HTTP_BODY_TOO_LARGE` (not retried). Fit it to the endpoint; a request may pass its own.
   * @default 33_554_432 (32 MiB)
   * @example
   * ```ts
   * new HttpPool({ maxBodyBytes: 1024 * 1024 });
   * ```
   */
  maxBodyBytes?: number;

  /**
   * Retries after the first attempt, at most (so up to `maxRetries + 1` attempts). Network errors,
   * timeouts, 408, 429, 5xx and whatever the classifier calls `retry` are retried.
   * @default 8
   * @example
   * ```ts
   * new HttpPool({ maxRetries: 3 });
   * ```
   */
  maxRetries?: number;

  /**
   * Base of the exponential backoff in milliseconds: retry n waits a random time between half and
   * all of `retryBaseDelayMs * 2^(n-1)`, capped by {@link retryMaxDelayMs}, or longer if the server
   * sent `Retry-After`.
   * @default 250
   * @example
   * ```ts
   * new HttpPool({ retryBaseDelayMs: 1_000 });
   * ```
   */
  retryBaseDelayMs?: number;

  /**
   * Cap on one backoff delay in milliseconds. A longer `Retry-After` is still honoured (within
   * {@link maxElapsedMs}).
   * @default 60_000
   * @example
   * ```ts
   * new HttpPool({ retryMaxDelayMs: 10_000 });
   * ```
   */
  retryMaxDelayMs?: number;

  /**
   * Milliseconds one request may spend from its first attempt to its last, retries and waits
   * included. When the next wait would overshoot it, the request fails with
   * `ERR_HTTP_RETRIES_EXHAUSTED`; an attempt in flight is cut short by the deadline too.
   * @default 300_000
   * @example
   * ```ts
   * new HttpPool({ maxElapsedMs: 30_000 }); // an unreachable host fails within 30 s
   * ```
   */
  maxElapsedMs?: number;

  /**
   * Pool-wide response classifier (a request may pass its own). Return `undefined` to fall back to
   * the default: 2xx/3xx ok; 408, 429, 5xx retry; other 4xx final.
   * @default undefined
   * @example
   * ```ts
   * new HttpPool({ classify: (res) => (res.status === 404 && res.body.includes('fetch timed out') ? 'retry' : undefined) });
   * ```
   */
  classify?: ResponseClassifier;

  /**
   * A forward proxy, as users behind corporate networks have: `'env'` reads `HTTPS_PROXY`,
   * `HTTP_PROXY` and `NO_PROXY` (or their lower-case forms, which win, as in curl) once, when the
   * pool is made; `false` goes direct; an object names them. `https:` URLs use `httpsProxy`, else
   * `httpProxy`; hosts matching `noProxy` (`example.org`, `.example.org`, `host:port`, `*`) go direct.
   * @default 'env'
   * @example
   * ```ts
   * new HttpPool({ proxy: { httpsProxy: 'http://proxy.corp:3128', noProxy: 'localhost,.corp' } });
   * ```
   */
  proxy?: 'env' | false | ProxySettings;

  /**
   * Called before each retry wait, with what failed and how long the wait is (to tell people why a
   * crawl is slow rather than staying silent). It must not throw.
   * @default undefined
   * @example
   * ```ts
   * new HttpPool({ onRetry: (e) => console.error(`retrying ${e.url} in ${e.delayMs} ms: ${e.reason}`) });
   * ```
   */
  onRetry?: (event: RetryEvent) => void;
}

/** {@link HttpPoolOptions} with defaults applied and values checked. */
export interface ResolvedHttpPoolOptions {
  userAgent: string;
  connectionsPerOrigin: number;
  concurrency: number;
  requestsPerSecond: number | undefined;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  responseTimeoutMs: number;
  maxBodyBytes: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  maxElapsedMs: number;
  classify: ResponseClassifier | undefined;
  proxy: 'env' | false | ProxySettings;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

const KNOWN = new Set([
  'userAgent', 'connectionsPerOrigin', 'concurrency', 'requestsPerSecond', 'headersTimeoutMs', 'bodyTimeoutMs',
  'responseTimeoutMs', 'maxBodyBytes', 'maxRetries', 'retryBaseDelayMs', 'retryMaxDelayMs', 'maxElapsedMs', 'classify',
  'proxy', 'onRetry',
]);

/** 32 MiB: far above any registry document, far below what hurts a crawler's memory. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** `options[name]` checked to be an integer ≥ `min`, or `fallback` when absent. */
export function integerOption(options: object, name: string, fallback: number, min: number): number {
  const value = (options as Record<string, unknown>)[name];
  return value === undefined ? fallback : checkInteger(name, value, { min });
}

/** `options[name]` checked to be a number of milliseconds ≥ `min`, or `fallback` when absent. */
export function millisecondsOption(options: object, name: string, fallback: number, { min, allowInfinity }: { min: number; allowInfinity: boolean }): number {
  const value = (options as Record<string, unknown>)[name];
  return value === undefined ? fallback : checkNumber(name, value, { min, allowInfinity, unit: 'milliseconds' });
}

/** Applies defaults and checks every option, throwing a `TypeError` that shows the value received. */
export function resolveHttpPoolOptions(options: HttpPoolOptions | undefined): ResolvedHttpPoolOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw expectedTypeError('options', 'an object of HttpPool options', options);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`Unknown HttpPool option \`${key}\` (known: ${[...KNOWN].join(', ')})`);
  }

  const { userAgent, requestsPerSecond, classify } = options;
  if (userAgent !== undefined && (typeof userAgent !== 'string' || userAgent.trim() === '' || /[\r\n]/.test(userAgent))) {
    throw expectedTypeError('userAgent', 'a non-empty single-line string', userAgent);
  }
  if (requestsPerSecond !== undefined && (typeof requestsPerSecond !== 'number' || !(requestsPerSecond > 0))) {
    throw expectedTypeError('requestsPerSecond', 'a number above 0', requestsPerSecond);
  }
  if (classify !== undefined && typeof classify !== 'function') {
    throw expectedTypeError('classify', 'a function', classify);
  }
  if (options.onRetry !== undefined && typeof options.onRetry !== 'function') {
    throw expectedTypeError('onRetry', 'a function', options.onRetry);
  }

  const retryBaseDelayMs = millisecondsOption(options, 'retryBaseDelayMs', 250, { min: 0, allowInfinity: false });
  const retryMaxDelayMs = millisecondsOption(options, 'retryMaxDelayMs', Math.max(60_000, retryBaseDelayMs), { min: 0, allowInfinity: false });
  if (retryMaxDelayMs < retryBaseDelayMs) {
    throw expectedTypeError('retryMaxDelayMs', `at least \`retryBaseDelayMs\` (${retryBaseDelayMs})`, retryMaxDelayMs);
  }

  return {
    userAgent: userAgent ?? defaultUserAgent(),
    connectionsPerOrigin: integerOption(options, 'connectionsPerOrigin', 64, 1),
    concurrency: integerOption(options, 'concurrency', 64, 1),
    requestsPerSecond: requestsPerSecond === Infinity ? undefined : requestsPerSecond,
    headersTimeoutMs: millisecondsOption(options, 'headersTimeoutMs', 30_000, { min: 1, allowInfinity: false }),
    bodyTimeoutMs: millisecondsOption(options, 'bodyTimeoutMs', 60_000, { min: 1, allowInfinity: false }),
    responseTimeoutMs: millisecondsOption(options, 'responseTimeoutMs', 120_000, { min: 1, allowInfinity: false }),
    maxBodyBytes: integerOption(options, 'maxBodyBytes', DEFAULT_MAX_BODY_BYTES, 1),
    maxRetries: integerOption(options, 'maxRetries', 8, 0),
    retryBaseDelayMs,
    retryMaxDelayMs,
    maxElapsedMs: millisecondsOption(options, 'maxElapsedMs', 300_000, { min: 1, allowInfinity: true }),
    classify,
    proxy: options.proxy ?? 'env',
    onRetry: options.onRetry,
  };
}
