import { display, expectedTypeError } from '@registry-miners/utils';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { AbortFanout } from './AbortFanout.js';
import { AdaptiveConcurrency } from './AdaptiveConcurrency.js';
import { AttemptGate, type GateEntry } from './AttemptGate.js';
import { AttemptLimitError } from './AttemptLimitError.js';
import { type AttemptOutcome, BodyCollector } from './BodyCollector.js';
import { ACCEPT_ENCODING } from './decodeBody.js';
import { defaultClassifier } from './defaultClassifier.js';
import { HttpError, type HttpErrorCode } from './HttpError.js';
import { integerOption, millisecondsOption, resolveHttpPoolOptions, type HttpPoolOptions, type ResolvedHttpPoolOptions } from './HttpPoolOptions.js';
import { BufferedHttpResponse, type HttpResponse } from './HttpResponse.js';
import type { HttpStats } from './HttpStats.js';
import { LatencyHistogram } from './LatencyHistogram.js';
import { describeNetworkError, errorCode, isRetryableError, isUnresolvedHost } from './networkErrors.js';
import { OnTheWire } from './OnTheWire.js';
import { resolveProxy, type ResolvedProxy } from './ProxySettings.js';
import { RequestTargets } from './RequestTargets.js';
import type { ResponseClassifier, ResponseVerdict } from './ResponseClassifier.js';
import type { RetryEvent } from './RetryEvent.js';
import { backoffDelay, parseRetryAfter } from './retryDelay.js';

/** Options of one {@link HttpPool.get} call. */
export interface HttpGetOptions {
  /**
   * Extra request headers; they override the pool's (`user-agent`, `accept-encoding`).
   * @example `{ accept: 'application/json' }`
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * Cancels the request, queued, in flight or waiting to retry: it rejects with `ERR_HTTP_ABORTED`.
   * @example `AbortSignal.timeout(10_000)`
   */
  signal?: AbortSignal;
  /** Classifier for this request, instead of the pool's. See {@link HttpPoolOptions.classify}. */
  classify?: ResponseClassifier;
  /**
   * Largest body for this request, instead of the pool's {@link HttpPoolOptions.maxBodyBytes}: fit it to the endpoint.
   * @example `64 * 1024` for a small JSON document
   */
  maxBodyBytes?: number;
  /** Longest attempt for this request, instead of the pool's {@link HttpPoolOptions.responseTimeoutMs}. @example `10_000` */
  responseTimeoutMs?: number;
}

/** What one request carries from attempt to attempt. */
interface RequestState {
  readonly href: string;
  readonly dispatch: Dispatcher.DispatchOptions;
  readonly signal: AbortSignal | undefined;
  readonly maxBodyBytes: number;
  readonly responseTimeoutMs: number;
  /** `responseTimeoutMs (… ms)`, for errors. */
  readonly responseTimeoutName: string;
  attempts: number;
  /** `performance.now()` after which no attempt starts and no wait ends; set when the first attempt starts. */
  deadline: number;
  startedAt: number;
}

interface AttemptResult {
  outcome: AttemptOutcome;
  /** The {@link AdaptiveConcurrency.epoch} the attempt started in. */
  epoch: number;
}

/** Something a {@link HttpPool.close} must wake: a retry wait (queued attempts are the gate's). */
interface Waiter {
  cancel(reason: Error): void;
}

/** Thrown internally when close() wakes a waiter; turned into ERR_HTTP_POOL_CLOSED. */
class PoolClosedSignal extends Error {}

const BODY_EXCERPT_CHARS = 500;
/** How often attempts in flight are checked against their deadlines. */
const SWEEP_INTERVAL_MS = 250;

/**
 * A polite, fast HTTP client for crawling registries: keep-alive connections per origin, a global
 * concurrency limit that backs off on 429 and recovers gradually, an optional rate limit, timeouts,
 * retries with backoff and jitter honouring `Retry-After`, gzip/br decoding and counters.
 *
 * @example
 * ```ts
 * const pool = new HttpPool({ concurrency: 32 });
 * const res = await pool.get('https://proxy.golang.org/golang.org/x/text/@v/list');
 * if (res.status === 200) console.log(res.text());
 * await pool.close();
 * ```
 */
export class HttpPool {
  readonly #options: ResolvedHttpPoolOptions;
  readonly #agent: Agent | EnvHttpProxyAgent;
  readonly #dispatcher: Dispatcher;
  readonly #proxy: ResolvedProxy | undefined;
  readonly #gate: AttemptGate;
  readonly #concurrency: AdaptiveConcurrency;
  readonly #latency = new LatencyHistogram();
  readonly #baseHeaders: Record<string, string>;
  readonly #waiters = new Set<Waiter>();
  readonly #aborts = new AbortFanout();
  /** Attempts on the wire, checked against their deadlines by one coarse timer rather than a timer each. */
  readonly #onTheWire = new OnTheWire();
  readonly #sweeper: NodeJS.Timeout;
  readonly #maxElapsedName: string;
  readonly #mergedHeaders = new WeakMap<object, Record<string, string>>();
  readonly #targets = new RequestTargets();
  readonly #responseTimeoutName: string;
  #closed = false;
  #closing: Promise<void> | undefined;

  #requests = 0;
  #retries = 0;
  #failures = 0;
  #bytes = 0;
  #inFlight = 0;
  readonly #statuses = new Map<string, number>();

  constructor(options?: HttpPoolOptions) {
    const resolved = resolveHttpPoolOptions(options);
    this.#options = resolved;
    const agentOptions = {
      connections: resolved.connectionsPerOrigin,
      headersTimeout: resolved.headersTimeoutMs,
      bodyTimeout: resolved.bodyTimeoutMs,
      connect: { timeout: resolved.headersTimeoutMs },
    };
    this.#proxy = resolveProxy(resolved.proxy);
    // Without a proxy, the plain Agent: EnvHttpProxyAgent parses every request's origin to choose.
    this.#agent =
      this.#proxy === undefined
        ? new Agent(agentOptions)
        : new EnvHttpProxyAgent({
            ...agentOptions,
            // '' rather than undefined, so that undici does not read the environment again.
            httpProxy: this.#proxy.httpProxy ?? '',
            httpsProxy: this.#proxy.httpsProxy ?? '',
            noProxy: this.#proxy.noProxy,
          });
    this.#dispatcher = this.#agent;
    this.#sweeper = setInterval(() => this.#sweep(), SWEEP_INTERVAL_MS).unref();
    this.#gate = new AttemptGate(resolved.concurrency, resolved.requestsPerSecond === undefined ? undefined : rateLimitWindow(resolved.requestsPerSecond));
    this.#maxElapsedName = `maxElapsedMs (${resolved.maxElapsedMs} ms)`;
    this.#responseTimeoutName = `responseTimeoutMs (${resolved.responseTimeoutMs} ms)`;
    this.#concurrency = new AdaptiveConcurrency(resolved.concurrency, (limit) => {
      this.#gate.limit = limit;
    });
    this.#baseHeaders = { 'user-agent': resolved.userAgent, 'accept-encoding': ACCEPT_ENCODING };
  }

  /**
   * GET `url`, reading the whole (decoded) body. Resolves for `ok` and `final` responses (the caller
   * inspects `status`); retries the others and network failures; rejects with an {@link HttpError}
   * (`ERR_HTTP_RETRIES_EXHAUSTED`, `ERR_HTTP_BODY_TOO_LARGE`, `ERR_HTTP_ABORTED`, `ERR_HTTP_POOL_CLOSED`),
   * or a `TypeError` for invalid arguments.
   */
  async get(url: string | URL, options: HttpGetOptions = {}): Promise<HttpResponse> {
    const target = this.#targets.resolve('url', url);
    checkGetOptions(options);
    const { href } = target;
    const { signal } = options;
    if (this.#closed) throw this.#fail(poolClosedError(href, 0));
    if (signal?.aborted) throw this.#fail(abortedError(href, 0, signal.reason));

    const classify = options.classify ?? this.#options.classify;
    const responseTimeoutMs =
      options.responseTimeoutMs === undefined ? this.#options.responseTimeoutMs : millisecondsOption(options, 'responseTimeoutMs', 0, { min: 1, allowInfinity: false });
    const state: RequestState = {
      href,
      dispatch: {
        origin: target.origin,
        path: target.path,
        method: 'GET',
        headers: options.headers === undefined ? this.#baseHeaders : this.#headersWith(options.headers),
      },
      signal,
      maxBodyBytes: options.maxBodyBytes === undefined ? this.#options.maxBodyBytes : integerOption(options, 'maxBodyBytes', 0, 1),
      responseTimeoutMs,
      responseTimeoutName: options.responseTimeoutMs === undefined ? this.#responseTimeoutName : `responseTimeoutMs (${responseTimeoutMs} ms)`,
      attempts: 0,
      deadline: Infinity,
      startedAt: 0,
    };

    for (;;) {
      let result: AttemptResult;
      try {
        result = await this.#attempt(state);
      } catch (error) {
        throw this.#fail(this.#interrupted(state, error));
      }

      const { outcome } = result;
      let lastResponse: BufferedHttpResponse | undefined;
      let retryAfterMs: number | undefined;
      if (outcome.error !== undefined) {
        if (signal?.aborted) throw this.#fail(abortedError(href, state.attempts, signal.reason));
        const code = errorCode(outcome.error);
        if (code === 'ERR_HTTP_BODY_TOO_LARGE') throw this.#fail(bodyTooLargeError(state, outcome.error as AttemptLimitError));
        if (this.#closed && (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED')) throw this.#fail(poolClosedError(href, state.attempts));
        if (!isRetryableError(code)) {
          throw new TypeError(`Invalid request GET ${href}: ${outcome.error.message}`, { cause: outcome.error });
        }
        // A name that does not resolve will not resolve in a few seconds either (offline, or a typo): one retry at most.
        if (state.attempts > this.#options.maxRetries || (isUnresolvedHost(code) && state.attempts >= 2)) {
          throw this.#fail(this.#exhausted(state, outcome.error, undefined));
        }
      } else {
        const response = new BufferedHttpResponse(href, outcome.status, outcome.headers, outcome.body, state.attempts);
        const verdict = checkVerdict(classify?.(response) ?? defaultClassifier(response), response.status);
        if (response.status === 429) this.#concurrency.onThrottle(result.epoch);
        else if (verdict !== 'retry') this.#concurrency.onSuccess();
        if (verdict !== 'retry') return response;
        lastResponse = response;
        retryAfterMs = parseRetryAfter(outcome.headers['retry-after']);
        if (state.attempts > this.#options.maxRetries) throw this.#fail(this.#exhausted(state, undefined, response));
      }

      const delay = Math.max(backoffDelay(state.attempts, this.#options.retryBaseDelayMs, this.#options.retryMaxDelayMs), retryAfterMs ?? 0);
      if (performance.now() + delay >= state.deadline) {
        throw this.#fail(this.#exhausted(state, outcome.error, lastResponse, retryAfterMs !== undefined && retryAfterMs >= delay ? retryAfterMs : undefined));
      }
      this.#options.onRetry?.(retryEvent(state, delay, outcome.error, lastResponse, retryAfterMs));
      try {
        await this.#sleep(delay, signal);
      } catch (error) {
        throw this.#fail(this.#interrupted(state, error));
      }
    }
  }

  /**
   * The pool's headers with `extra` over them. Callers pass the same constant object on every request
   * (go-proxy-origin's `Disable-Module-Fetch`): merged once, not per request.
   */
  #headersWith(extra: Readonly<Record<string, string>>): Record<string, string> {
    let merged = this.#mergedHeaders.get(extra);
    if (merged === undefined) {
      merged = mergeHeaders(this.#baseHeaders, extra);
      // Only frozen objects are cached: a caller may change a mutable one between requests.
      if (Object.isFrozen(extra)) this.#mergedHeaders.set(extra, merged);
    }
    return merged;
  }

  /** A snapshot of the counters. */
  stats(): HttpStats {
    return {
      requests: this.#requests,
      retries: this.#retries,
      failures: this.#failures,
      bytes: this.#bytes,
      inFlight: this.#inFlight,
      statuses: Object.fromEntries(this.#statuses),
      latencyMs: this.#latency.snapshot(),
      concurrencyLimit: this.#concurrency.limit,
    };
  }

  /**
   * Stops the pool: requests queued or waiting to retry reject with `ERR_HTTP_POOL_CLOSED`, requests
   * in flight finish, then the connections close. Later `get()` calls reject too. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#closed = true;
      const reason = new PoolClosedSignal('pool closed');
      this.#gate.clear(reason);
      for (const waiter of this.#waiters) waiter.cancel(reason);
      this.#waiters.clear();
      clearInterval(this.#sweeper);
      this.#closing = this.#agent.close();
    }
    return this.#closing;
  }

  /**
   * Runs one attempt once the gate admits it (concurrency and rate limits); rejects only when aborted
   * or closed while waiting. One promise, one collector and at most one abort watch per attempt.
   */
  #attempt(state: RequestState): Promise<AttemptResult> {
    if (this.#closed) return Promise.reject(new PoolClosedSignal('pool closed'));
    const pool = this;
    return new Promise<AttemptResult>((resolve, reject) => {
      const { signal } = state;
      let handler: BodyCollector | undefined;
      // A method, not an arrow function: under tsx (the apps' `start`), every arrow function stored in a
      // property is given its name by Object.defineProperty, which costs about 0.6 µs a request.
      const entry: GateEntry = {
        start() {
          // Aborted while waiting (its 'abort' callback may not have run yet): give the slot back.
          if (signal?.aborted) {
            unwatch?.();
            reject(signal.reason);
            pool.#gate.leave();
            return;
          }
          handler = pool.#send(state, (outcome, epoch) => {
            unwatch?.();
            pool.#gate.leave();
            resolve({ outcome, epoch });
          });
        },
        cancel: reject,
      };
      // Waiting: leave the queue and reject; on the wire: abort the exchange, which then reports the error.
      const unwatch =
        signal === undefined
          ? undefined
          : this.#aborts.watch(signal, () => {
              if (handler !== undefined) {
                handler.abort();
                return;
              }
              entry.cancelled = true;
              reject(signal.reason);
            });
      this.#gate.enter(entry);
    });
  }

  /** Sends one attempt now; `done` hears its outcome once. */
  #send(state: RequestState, done: (outcome: AttemptOutcome, epoch: number) => void): BodyCollector {
    const startedAt = performance.now();
    state.attempts++;
    if (state.attempts === 1) {
      state.startedAt = startedAt;
      state.deadline = startedAt + this.#options.maxElapsedMs;
    } else {
      this.#retries++;
    }
    this.#requests++;
    this.#inFlight++;
    const epoch = this.#concurrency.epoch;
    // The whole attempt, body included, ends by its own timeout or by the request's deadline, whichever comes first.
    const ownDeadline = startedAt + state.responseTimeoutMs;
    const limits =
      ownDeadline <= state.deadline
        ? { maxBodyBytes: state.maxBodyBytes, deadline: ownDeadline, deadlineName: state.responseTimeoutName }
        : { maxBodyBytes: state.maxBodyBytes, deadline: state.deadline, deadlineName: this.#maxElapsedName };
    const handler = new BodyCollector(state.href, limits, (outcome) => {
      this.#onTheWire.delete(handler);
      this.#inFlight--;
      this.#record(outcome, performance.now() - startedAt);
      done(outcome, epoch);
    }, state.signal);
    this.#onTheWire.add(handler);
    try {
      this.#dispatcher.dispatch(state.dispatch, handler);
    } catch (error) {
      handler.onResponseError(undefined as never, error instanceof Error ? error : new Error(String(error)));
    }
    return handler;
  }

  /** Ends the attempts on the wire whose deadline passed. */
  #sweep(): void {
    this.#onTheWire.expireUntil(performance.now());
  }

  #record(outcome: AttemptOutcome, latencyMs: number): void {
    let key: string;
    if (outcome.error === undefined) {
      key = String(outcome.status);
      this.#bytes += outcome.body.length;
      this.#latency.record(latencyMs);
    } else {
      key = errorCode(outcome.error);
      if (key === 'AbortError' || key === 'ABORT_ERR') return;
    }
    this.#statuses.set(key, (this.#statuses.get(key) ?? 0) + 1);
  }

  /** Waits `ms` before a retry; rejects early on abort or close. */
  #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#closed) return Promise.reject(new PoolClosedSignal('pool closed'));
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        unwatch?.();
        if (error === undefined) resolve();
        else reject(error);
      };
      const waiter: Waiter = { cancel: settle };
      const timer = setTimeout(settle, ms);
      this.#waiters.add(waiter);
      const unwatch = signal === undefined ? undefined : this.#aborts.watch(signal, () => settle(signal.reason ?? new Error('aborted')));
    });
  }

  /** The error for a request interrupted while queued or waiting: aborted or pool closed. */
  #interrupted(state: RequestState, error: unknown): unknown {
    if (state.signal?.aborted) return abortedError(state.href, state.attempts, state.signal.reason);
    if (error instanceof PoolClosedSignal || this.#closed) return poolClosedError(state.href, state.attempts);
    return error;
  }

  #exhausted(state: RequestState, error: Error | undefined, response: BufferedHttpResponse | undefined, retryAfterMs?: number): HttpError {
    const elapsedMs = performance.now() - state.startedAt;
    const origin = String(state.dispatch.origin);
    const tries = `${state.attempts} attempt${state.attempts === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)} s`;
    const budget =
      state.attempts > this.#options.maxRetries
        ? `maxRetries (${this.#options.maxRetries})`
        : isUnresolvedHost(errorCode(error)) && performance.now() < state.deadline
          ? 'the one retry a host name that does not resolve gets'
          : `maxElapsedMs (${this.#options.maxElapsedMs} ms)`;
    let message: string;
    let hint: string;
    if (response === undefined) {
      const code = errorCode(error);
      message = `GET ${state.href} failed after ${tries}: ${describeNetworkError(code)} (${code}: ${error?.message ?? 'unknown error'})`;
      const proxy =
        this.#proxy === undefined
          ? 'No proxy is set: behind one, set HTTPS_PROXY / HTTP_PROXY (and NO_PROXY for hosts to reach directly).'
          : `Requests go through the proxy (${this.#proxy.description}): check that it is up and lets this host through, or list the host in NO_PROXY.`;
      hint =
        `The host ${origin} could not be reached or did not answer in time (${code}), and retries used up ${budget}. ` +
        `Check the URL (host name and port), that the host is up, and this machine's network (connection, DNS, firewall). ${proxy} ` +
        'Raise maxElapsedMs or maxRetries to keep trying longer.';
    } else if (retryAfterMs !== undefined) {
      message = `GET ${state.href} failed after ${tries}: HTTP ${response.status}, and the server asked to wait ${(retryAfterMs / 1000).toFixed(0)} s (Retry-After), beyond maxElapsedMs (${this.#options.maxElapsedMs} ms)`;
      hint = `${origin} is rate-limiting or overloaded. Lower concurrency or requestsPerSecond, try again later, or raise maxElapsedMs to wait it out.`;
    } else {
      message = `GET ${state.href} failed after ${tries}: HTTP ${response.status}`;
      hint =
        response.status === 429
          ? `${origin} kept answering 429 Too Many Requests. Lower concurrency or requestsPerSecond, or try again later.`
          : `${origin} kept answering ${response.status} until retries used up ${budget}. The server may be overloaded or failing: try again later, or raise maxRetries / maxElapsedMs.`;
    }
    return new HttpError('ERR_HTTP_RETRIES_EXHAUSTED', message, {
      hint,
      cause: error,
      details: {
        url: state.href,
        status: response?.status,
        attempts: state.attempts,
        bodyExcerpt: response === undefined ? undefined : excerpt(response.body),
      },
    });
  }

  /** Counts a failed request; returns the error to throw. */
  #fail(error: unknown): unknown {
    if (error instanceof HttpError) this.#failures++;
    return error;
  }
}

/** Sliding window for a rate limit: at most ~20 windows a second, so requests are spread, not bursted. */
function rateLimitWindow(requestsPerSecond: number): { intervalMs: number; intervalCap: number } {
  const intervalCap = Math.max(1, Math.ceil(requestsPerSecond / 20));
  return { intervalMs: (1000 * intervalCap) / requestsPerSecond, intervalCap };
}

function checkGetOptions(options: HttpGetOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw expectedTypeError('options', 'an object of get() options', options);
  }
  const { headers, signal, classify } = options;
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) {
    throw expectedTypeError('headers', 'an object of strings', headers);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw expectedTypeError('signal', 'an AbortSignal', signal);
  }
  if (classify !== undefined && typeof classify !== 'function') {
    throw expectedTypeError('classify', 'a function', classify);
  }
}

function checkVerdict(verdict: unknown, status: number): ResponseVerdict {
  if (verdict === 'ok' || verdict === 'retry' || verdict === 'final') return verdict;
  throw new TypeError(`Expected the classifier to return 'ok', 'retry', 'final' or undefined for HTTP ${status}, got ${display(verdict)}`);
}

function mergeHeaders(base: Record<string, string>, extra: Readonly<Record<string, string>>): Record<string, string> {
  const merged = { ...base };
  for (const [name, value] of Object.entries(extra)) merged[name.toLowerCase()] = value;
  return merged;
}

function excerpt(body: Buffer): string {
  const text = body.subarray(0, BODY_EXCERPT_CHARS * 4).toString('utf8');
  return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
}

function httpError(code: HttpErrorCode, message: string, url: string, attempts: number, cause?: unknown, hint?: string): HttpError {
  return new HttpError(code, message, { cause, hint, details: { url, attempts } });
}

function abortedError(url: string, attempts: number, reason: unknown): HttpError {
  return httpError('ERR_HTTP_ABORTED', `GET ${url} was aborted`, url, attempts, reason);
}

function retryEvent(state: RequestState, delayMs: number, error: Error | undefined, response: BufferedHttpResponse | undefined, retryAfterMs: number | undefined): RetryEvent {
  if (response !== undefined) {
    const reason = retryAfterMs === undefined ? `HTTP ${response.status}` : `HTTP ${response.status}, Retry-After ${(retryAfterMs / 1000).toFixed(0)} s`;
    return { url: state.href, attempt: state.attempts, reason, status: response.status, delayMs };
  }
  const code = errorCode(error);
  return { url: state.href, attempt: state.attempts, reason: `${describeNetworkError(code)} (${code})`, code, delayMs };
}

function bodyTooLargeError(state: RequestState, error: AttemptLimitError): HttpError {
  return new HttpError('ERR_HTTP_BODY_TOO_LARGE', error.message, {
    details: { url: state.href, status: error.details?.status, attempts: state.attempts },
    hint:
      `The server sent more than this request accepts (maxBodyBytes ${state.maxBodyBytes}): an endless body or a compression bomb. ` +
      'Not retried. If such a body is legitimate here, raise maxBodyBytes for this request.',
    cause: error,
  });
}

function poolClosedError(url: string, attempts: number): HttpError {
  return httpError('ERR_HTTP_POOL_CLOSED', `GET ${url} failed: the HttpPool was closed`, url, attempts, undefined, 'Create a new HttpPool, or finish your requests before calling close().');
}
