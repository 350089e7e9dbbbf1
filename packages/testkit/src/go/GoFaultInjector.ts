import { checkInteger, checkNumber, display, expectedTypeError } from '@registry-miners/utils';
import { hashString } from './hash.js';

/**
 * Faults the fake Go registry injects. Rates are probabilities (0 to 1) per attempt of a URL. Whether
 * an attempt fails is a pure function of (seed, URL, number of earlier failures of that URL), and a URL
 * fails at most `maxFaultsPerUrl` times: a client that retries correctly always ends with the ground
 * truth, and two runs of the same client see the same faults.
 *
 * @example
 * { serverErrorRate: 0.02, tooManyRequestsRate: 0.01, retryAfterSeconds: 1, resetRate: 0.01 }
 */
export interface GoFaultOptions {
  /** Answer 500, 502 or 503. @default 0 */
  serverErrorRate?: number;
  /** Answer 429 with `Retry-After: retryAfterSeconds`. @default 0 */
  tooManyRequestsRate?: number;
  /** `Retry-After` of 429 answers, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /**
   * Rate-limit bursts: after every `everyRequests` requests (counted across the server), every request
   * for `durationMs` gets 429 with `Retry-After` (still within the per-URL bound). Time-based, so not
   * deterministic in which URLs it hits. @default undefined (no bursts)
   */
  rateLimitBurst?: { everyRequests: number; durationMs: number };
  /** Send the headers and part of the body, then destroy the socket. @default 0 */
  resetRate?: number;
  /** Never answer (the client must time out; the server drops the socket when it closes). @default 0 */
  hangRate?: number;
  /** Proxy only: 404 with body `not found: fetch timed out` (retryable by the protocol). @default 0 */
  fetchTimedOutRate?: number;
  /** Most faults one URL receives before it is always answered normally. @default 3 */
  maxFaultsPerUrl?: number;
  /** Changes which URLs fail. @default 0 */
  seed?: number;
}

/** Kinds of injected faults. */
export type GoFaultKind = 'serverError' | 'tooManyRequests' | 'reset' | 'hang' | 'fetchTimedOut';

/** A fault decision for one request. */
export type GoFaultDecision =
  | { kind: 'serverError'; status: 500 | 502 | 503 }
  | { kind: 'tooManyRequests'; retryAfterSeconds: number }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'fetchTimedOut' };

/** A profile for demos and soak tests: a few percent of everything, no hangs. */
export const defaultGoFaults: Readonly<GoFaultOptions> = Object.freeze({
  serverErrorRate: 0.02,
  tooManyRequestsRate: 0.01,
  retryAfterSeconds: 1,
  resetRate: 0.01,
  fetchTimedOutRate: 0.01,
  maxFaultsPerUrl: 3,
});

function checkRate(name: string, value: unknown): number {
  return value === undefined ? 0 : checkNumber(`faults.${name}`, value, { min: 0, max: 1 });
}

function checkCount(name: string, value: unknown, fallback: number, min: number): number {
  return value === undefined ? fallback : checkInteger(name, value, { min });
}

/** Decides faults per request. One instance per endpoint family (index or proxy). */
export class GoFaultInjector {
  readonly #serverError: number;
  readonly #tooMany: number;
  readonly #reset: number;
  readonly #hang: number;
  readonly #fetchTimedOut: number;
  readonly #retryAfter: number;
  readonly #maxFaults: number;
  readonly #seed: number;
  readonly #burst: { everyRequests: number; durationMs: number } | undefined;
  readonly #total: number;
  /** Failures so far per URL; only URLs that failed at least once are stored. */
  readonly #failures = new Map<string, number>();
  #requests = 0;
  #burstUntil = 0;

  constructor(options: GoFaultOptions = {}, proxy = true) {
    if (typeof options !== 'object' || options === null) throw expectedTypeError('faults', 'an object', options);
    this.#serverError = checkRate('serverErrorRate', options.serverErrorRate);
    this.#tooMany = checkRate('tooManyRequestsRate', options.tooManyRequestsRate);
    this.#reset = checkRate('resetRate', options.resetRate);
    this.#hang = checkRate('hangRate', options.hangRate);
    this.#fetchTimedOut = proxy ? checkRate('fetchTimedOutRate', options.fetchTimedOutRate) : 0;
    this.#total = this.#serverError + this.#tooMany + this.#reset + this.#hang + this.#fetchTimedOut;
    if (this.#total > 1) {
      throw new TypeError(`Expected the fault rates to add up to at most 1, got ${display(options)}`);
    }
    this.#retryAfter = checkCount('faults.retryAfterSeconds', options.retryAfterSeconds, 1, 0);
    this.#maxFaults = checkCount('faults.maxFaultsPerUrl', options.maxFaultsPerUrl, 3, 0);
    this.#seed = checkCount('faults.seed', options.seed, 0, 0);
    const burst = options.rateLimitBurst;
    if (burst !== undefined) {
      if (typeof burst !== 'object' || burst === null) {
        throw expectedTypeError('faults.rateLimitBurst', 'an object', burst);
      }
      checkCount('faults.rateLimitBurst.everyRequests', burst.everyRequests, 1, 1);
      checkCount('faults.rateLimitBurst.durationMs', burst.durationMs, 0, 0);
      this.#burst = { everyRequests: burst.everyRequests, durationMs: burst.durationMs };
    }
  }

  /** Whether this injector can ever inject anything. */
  get active(): boolean {
    return this.#total > 0 || this.#burst !== undefined;
  }

  /** The fault for this attempt of `url` (path and query), or `undefined` to answer normally. */
  decide(url: string): GoFaultDecision | undefined {
    if (!this.active) return undefined;
    this.#requests += 1;
    const failures = this.#failures.get(url) ?? 0;
    if (failures >= this.#maxFaults) return undefined;
    let decision: GoFaultDecision | undefined;
    if (this.#burst !== undefined) {
      const now = Date.now();
      if (this.#requests % this.#burst.everyRequests === 0) this.#burstUntil = now + this.#burst.durationMs;
      if (now < this.#burstUntil) decision = { kind: 'tooManyRequests', retryAfterSeconds: this.#retryAfter };
    }
    if (decision === undefined && this.#total > 0) {
      const h = hashString(url, this.#seed * 131 + failures);
      let roll = h / 2 ** 32;
      if ((roll -= this.#hang) < 0) decision = { kind: 'hang' };
      else if ((roll -= this.#reset) < 0) decision = { kind: 'reset' };
      else if ((roll -= this.#serverError) < 0) decision = { kind: 'serverError', status: ([500, 502, 503] as const)[h % 3]! };
      else if ((roll -= this.#tooMany) < 0) decision = { kind: 'tooManyRequests', retryAfterSeconds: this.#retryAfter };
      else if ((roll -= this.#fetchTimedOut) < 0) decision = { kind: 'fetchTimedOut' };
    }
    if (decision !== undefined) this.#failures.set(url, failures + 1);
    return decision;
  }

  /** Forgets which URLs failed (the next attempts fail again as on a fresh server). */
  reset(): void {
    this.#failures.clear();
    this.#requests = 0;
    this.#burstUntil = 0;
  }
}
