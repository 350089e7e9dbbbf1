import { expectedMessage } from '@registry-miners/utils';
import type { HttpPool, HttpResponse } from '@registry-miners/http-pool';
import type { GoGetCache, GoGetCacheEntry } from './GoGetCache.js';
import { MemoryGoGetCache } from './GoGetCache.js';
import type { GoGetNoneCode, GoGetOutcome } from './GoGetOutcome.js';
import { GoRepositoryError } from './GoRepositoryError.js';
import { HostSlots } from './HostSlots.js';
import { isRepositoryUrl } from './isRepositoryUrl.js';
import { matchGoImport } from './matchGoImport.js';
import { parseGoMeta } from './parseGoMeta.js';
import { hasPathPrefix, hostOf, isModulePath, pathAndAncestors } from './pathPrefix.js';
import { KNOWN_VCS } from './RepositoryRoot.js';

/** Options of {@link GoGetDiscovery}. */
export interface GoGetDiscoveryOptions {
  /** The HTTP pool (connection reuse, retries of 429/5xx and resets; 4xx are final). */
  pool: HttpPool;
  /**
   * Where to ask: `${baseUrl}/${path}?go-get=1`; without it `https://${path}?go-get=1`, as the go
   * command does. For tests and mirrors.
   * @default undefined
   * @example 'http://127.0.0.1:8080/go-get'
   */
  baseUrl?: string;
  /** Requests in flight to one host (the module path's host), at most. @default 2 */
  perHostConcurrency?: number;
  /** Milliseconds one discovery may take, redirects and retries included. @default 10_000 */
  timeoutMs?: number;
  /** Largest body read, in bytes (after decompression). @default 1_048_576 */
  maxBodyBytes?: number;
  /** Redirects followed, at most (http and https only). @default 3 */
  maxRedirects?: number;
  /** Where answers are kept; a durable one makes them survive restarts. @default a new MemoryGoGetCache */
  cache?: GoGetCache;
  /**
   * A cached transient failure (timeout, unreachable, 5xx) older than this is asked again.
   * @default 604_800_000 (7 days)
   */
  retryTransientAfterMs?: number;
}

/** Counters of a {@link GoGetDiscovery}. */
export interface GoGetDiscoveryStats {
  /** HTTP requests made (redirects included). */
  requests: number;
  /** Discoveries answered from the cache, without a request. */
  cached: number;
  /** Most requests in flight to one host at once (never above `perHostConcurrency`). */
  maxInFlightPerHost: number;
  /** Hosts skipped for the rest of the run after a timeout or connection failure. */
  skippedHosts: number;
}

const DAY_MS = 86_400_000;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new GoRepositoryError('ERR_GOGET_OPTIONS', expectedMessage(name, 'a positive integer', value));
  }
  return value;
}

/**
 * Finds the repository of a module path the way the go command does for paths no static rule
 * covers, with the restraint third-party hosts deserve:
 *
 * 1. The cache first: an answer for the path itself, or a go-import prefix learnt earlier that covers
 *    it (one request for `cloud.google.com/go` answers `cloud.google.com/go/storage`).
 * 2. A host that timed out or was unreachable earlier in the run is not asked again.
 * 3. Wait for one of `perHostConcurrency` slots of the path's host. A request in flight for an
 *    ancestor or descendant path of the same host is awaited first (its answer may cover this one),
 *    and so is a host's first request (hosts often answer with their root prefix).
 * 4. `GET https://PATH?go-get=1`, following at most `maxRedirects` redirects, the whole within
 *    `timeoutMs`; bodies above `maxBodyBytes` are refused.
 * 5. The go-import tags (any status: the go command reads error pages too), `mod` entries ignored,
 *    exactly one covering the path at a `/` boundary, a known VCS and a URL with scheme and host.
 * 6. A prefix shorter than the path is verified, as the go command does: the prefix's own page (or
 *    its cached answer) must name the same repository, else no answer (`ERR_GOGET_PREFIX_MISMATCH`).
 * 7. The answer goes to the cache: under its prefix when found, under the path otherwise.
 *
 * @example
 * ```ts
 * const discovery = new GoGetDiscovery({ pool: new HttpPool({ maxRetries: 2 }) });
 * const outcome = await discovery.discover('go.uber.org/zap');
 * if (outcome.status === 'found') console.log(outcome.url); // https://github.com/uber-go/zap
 * ```
 */
export class GoGetDiscovery {
  readonly #pool: HttpPool;
  readonly #baseUrl: string | undefined;
  readonly #timeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #maxRedirects: number;
  readonly #retryTransientAfterMs: number;
  readonly #cache: GoGetCache;
  readonly #slots: HostSlots;
  /** Paths being asked now, per host, with a promise settled when their answer is cached. */
  readonly #inFlight = new Map<string, Map<string, Promise<unknown>>>();
  readonly #skippedHosts = new Map<string, string>();
  /** Hosts that answered at least once in this run: until one has, its first answer may cover every other path. */
  readonly #answeredHosts = new Set<string>();
  #requests = 0;
  #cached = 0;

  constructor(options: GoGetDiscoveryOptions) {
    if (options === null || typeof options !== 'object' || typeof options.pool?.get !== 'function') {
      throw new GoRepositoryError('ERR_GOGET_OPTIONS', expectedMessage('options.pool', 'an HttpPool', options?.pool));
    }
    this.#pool = options.pool;
    if (options.baseUrl !== undefined) {
      if (!URL.canParse(options.baseUrl) || !/^https?:$/.test(new URL(options.baseUrl).protocol)) {
        throw new GoRepositoryError('ERR_GOGET_OPTIONS', expectedMessage('baseUrl', 'an absolute http(s) URL', options.baseUrl));
      }
      this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    }
    this.#slots = new HostSlots(positive('perHostConcurrency', options.perHostConcurrency, 2));
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs, 10_000);
    this.#maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, 1 << 20);
    this.#maxRedirects = options.maxRedirects === 0 ? 0 : positive('maxRedirects', options.maxRedirects, 3);
    this.#retryTransientAfterMs = positive('retryTransientAfterMs', options.retryTransientAfterMs, 7 * DAY_MS);
    this.#cache = options.cache ?? new MemoryGoGetCache();
  }

  stats(): GoGetDiscoveryStats {
    return { requests: this.#requests, cached: this.#cached, maxInFlightPerHost: this.#slots.maxActive, skippedHosts: this.#skippedHosts.size };
  }

  /** The URL asked for `path`. */
  urlFor(path: string): string {
    return this.#baseUrl === undefined ? `https://${path}?go-get=1` : `${this.#baseUrl}/${path}?go-get=1`;
  }

  /**
   * The repository of `path` from its host's go-import tags. Resolves to one {@link GoGetOutcome};
   * rejects only when `signal` aborts (GoRepositoryError `ERR_GOGET_ABORTED`).
   */
  async discover(path: string, options: { signal?: AbortSignal } = {}): Promise<GoGetOutcome> {
    const { signal } = options;
    if (typeof path !== 'string' || !isModulePath(path)) {
      return none('ERR_GOGET_INVALID_PATH', `not a module path a host can be asked about: ${JSON.stringify(String(path).slice(0, 200))}`, false, false);
    }
    const host = hostOf(path);
    for (;;) {
      const early = this.#answerWithoutRequest(path, host);
      if (early) return early;
      const related = this.#relatedInFlight(host, path);
      if (related) {
        await related;
        continue;
      }
      await this.#slots.acquire(host, signal);
      // Things may have changed while waiting for the slot.
      const late = this.#answerWithoutRequest(path, host) ?? (this.#relatedInFlight(host, path) ? 'wait' : undefined);
      if (late === undefined) break;
      this.#slots.release(host);
      if (late !== 'wait') return late;
    }
    let paths = this.#inFlight.get(host);
    if (paths === undefined) this.#inFlight.set(host, (paths = new Map()));
    const asking = this.#ask(path, host, signal);
    const settled = asking.then(
      () => undefined,
      () => undefined,
    );
    paths.set(path, settled);
    try {
      return await asking;
    } finally {
      paths.delete(path);
      if (paths.size === 0) this.#inFlight.delete(host);
      this.#slots.release(host);
    }
  }

  #answerWithoutRequest(path: string, host: string): GoGetOutcome | undefined {
    const cached = this.#fromCache(path);
    if (cached) {
      this.#cached++;
      return cached;
    }
    const skipped = this.#skippedHosts.get(host);
    if (skipped !== undefined) return none('ERR_GOGET_HOST_SKIPPED', `${host} was not asked: ${skipped} earlier in this run`, true, false);
    return undefined;
  }

  #fromCache(path: string): GoGetOutcome | undefined {
    const keys = pathAndAncestors(path);
    const entries = this.#cache.getMany(keys);
    const own = entries.get(path);
    if (own?.kind === 'none' && !(own.transient && Date.now() - own.at > this.#retryTransientAfterMs)) {
      return none(own.code, own.reason, own.transient, true);
    }
    for (const key of keys) {
      const entry = entries.get(key);
      if (entry?.kind === 'prefix') return found(key, entry, true);
    }
    return undefined;
  }

  #relatedInFlight(host: string, path: string): Promise<unknown> | undefined {
    const paths = this.#inFlight.get(host);
    if (paths === undefined) return undefined;
    const firstAnswerPending = !this.#answeredHosts.has(host);
    for (const [other, settled] of paths) {
      if (firstAnswerPending || hasPathPrefix(path, other) || hasPathPrefix(other, path)) return settled;
    }
    return undefined;
  }

  async #ask(path: string, host: string, signal: AbortSignal | undefined): Promise<GoGetOutcome> {
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const page = await this.#fetchPage(this.urlFor(path), host, signal, deadline, combined);
    if ('failed' in page) return this.#remember(path, page.failed);
    const outcome = this.#read(path, page.url, page.response);
    if (outcome.status !== 'found' || outcome.prefix === path) return this.#remember(path, outcome);
    return this.#remember(path, await this.#verifyPrefix(path, outcome, host, signal, deadline, combined));
  }

  /**
   * A tag whose prefix is shorter than the path is not trusted on the word of the path's page alone
   * (`uni.example/bob/x` may not speak for all of `uni.example`): as the go command does, the
   * prefix's own page (or its answer already in the cache) must name the same repository.
   */
  async #verifyPrefix(
    path: string,
    claimed: Extract<GoGetOutcome, { status: 'found' }>,
    host: string,
    signal: AbortSignal | undefined,
    deadline: AbortSignal,
    combined: AbortSignal,
  ): Promise<GoGetOutcome> {
    const known = this.#cache.getMany([claimed.prefix]).get(claimed.prefix);
    let confirmed: GoGetOutcome;
    if (known?.kind === 'prefix') {
      confirmed = found(claimed.prefix, known, true);
    } else {
      const page = await this.#fetchPage(this.urlFor(claimed.prefix), host, signal, deadline, combined);
      if ('failed' in page) return page.failed;
      confirmed = this.#read(path, page.url, page.response);
    }
    const agree = confirmed.status === 'found' && confirmed.prefix === claimed.prefix && confirmed.vcs === claimed.vcs && confirmed.url === claimed.url;
    if (agree) return claimed;
    return none('ERR_GOGET_PREFIX_MISMATCH', `${this.urlFor(path)} and ${this.urlFor(claimed.prefix)} disagree about the go-import tag for ${claimed.prefix}`, false, false);
  }

  /** GET one page, following redirects, within the discovery's deadline. */
  async #fetchPage(
    start: string,
    host: string,
    signal: AbortSignal | undefined,
    deadline: AbortSignal,
    combined: AbortSignal,
  ): Promise<{ url: string; response: HttpResponse } | { failed: GoGetOutcome }> {
    let url = start;
    for (let redirects = 0; ; redirects++) {
      let response: HttpResponse;
      try {
        this.#requests++;
        response = await this.#pool.get(url, { signal: combined });
      } catch (error) {
        if (signal?.aborted) throw new GoRepositoryError('ERR_GOGET_ABORTED', `Discovery aborted: ${url}`, { cause: error });
        const status = (error as { status?: unknown }).status;
        if (deadline.aborted) return { failed: this.#skipHost(host, 'ERR_GOGET_TIMEOUT', `${url}: no answer within ${this.#timeoutMs} ms`) };
        if (typeof status === 'number') return { failed: none('ERR_GOGET_HTTP_STATUS', `${url}: HTTP ${status} after retries`, true, false) };
        return { failed: this.#skipHost(host, 'ERR_GOGET_UNREACHABLE', `${url}: ${error instanceof Error ? error.message : String(error)}`) };
      }
      if (response.body.length > this.#maxBodyBytes) {
        return { failed: none('ERR_GOGET_TOO_LARGE', `${url}: body of ${response.body.length} bytes is over the ${this.#maxBodyBytes}-byte limit`, false, false) };
      }
      if (response.status < 300 || response.status >= 400) return { url, response };
      const next = redirectTarget(response, url);
      if (next === undefined || redirects >= this.#maxRedirects) {
        const why = next === undefined ? 'a redirect without an http(s) Location' : `more than ${this.#maxRedirects} redirects`;
        return { failed: none('ERR_GOGET_REDIRECT', `${url}: ${why}`, false, false) };
      }
      url = next;
    }
  }

  #read(path: string, url: string, response: HttpResponse): GoGetOutcome {
    const { imports } = parseGoMeta(response.text());
    if (imports.length === 0 && response.status !== 200) {
      return none('ERR_GOGET_HTTP_STATUS', `${url}: HTTP ${response.status}`, response.status === 429 || response.status >= 500, false);
    }
    const match = matchGoImport(imports, path);
    if (match.status === 'ambiguous') return none('ERR_GOGET_AMBIGUOUS', `${url}: several go-import tags match ${path} (${match.prefixes.join(', ')})`, false, false);
    if (match.status === 'no-match') {
      const seen = match.prefixes.length === 0 ? 'no go-import tag' : `go-import tags only for ${match.prefixes.slice(0, 5).join(', ')}`;
      return none('ERR_GOGET_NO_MATCH', `${url}: ${seen}`, false, false);
    }
    const { prefix, vcs, repoUrl, subdir } = match.import;
    if (!KNOWN_VCS.has(vcs)) return none('ERR_GOGET_UNKNOWN_VCS', `${url}: unknown VCS ${JSON.stringify(vcs.slice(0, 40))}`, false, false);
    if (!isRepositoryUrl(repoUrl)) return none('ERR_GOGET_INVALID_URL', `${url}: repository ${JSON.stringify(String(repoUrl).slice(0, 200))} is not a URL with a scheme and host`, false, false);
    const entry: GoGetCacheEntry = subdir === undefined ? { kind: 'prefix', vcs, url: repoUrl, at: 0 } : { kind: 'prefix', vcs, url: repoUrl, subdir, at: 0 };
    return found(prefix, entry, false);
  }

  #skipHost(host: string, code: GoGetNoneCode, reason: string): GoGetOutcome {
    this.#skippedHosts.set(host, code === 'ERR_GOGET_TIMEOUT' ? 'it timed out' : 'it was unreachable');
    return none(code, reason, true, false);
  }

  #remember(path: string, outcome: GoGetOutcome): GoGetOutcome {
    const at = Date.now();
    this.#answeredHosts.add(hostOf(path));
    if (outcome.status === 'found') {
      const entry: GoGetCacheEntry = { kind: 'prefix', vcs: outcome.vcs, url: outcome.url, at };
      if (outcome.subdir !== undefined) entry.subdir = outcome.subdir;
      this.#cache.put(outcome.prefix, entry);
    } else {
      this.#cache.put(path, { kind: 'none', code: outcome.code, reason: outcome.reason, transient: outcome.transient, at });
    }
    return outcome;
  }
}

function none(code: GoGetNoneCode, reason: string, transient: boolean, cached: boolean): GoGetOutcome {
  return { status: 'none', code, reason, transient, cached };
}

function found(prefix: string, entry: Extract<GoGetCacheEntry, { kind: 'prefix' }>, cached: boolean): GoGetOutcome {
  const outcome: GoGetOutcome = { status: 'found', prefix, vcs: entry.vcs, url: entry.url, cached };
  if (entry.subdir !== undefined) outcome.subdir = entry.subdir;
  return outcome;
}

function redirectTarget(response: HttpResponse, from: string): string | undefined {
  const location = response.headers['location'];
  const value = Array.isArray(location) ? location[0] : location;
  if (typeof value !== 'string' || !URL.canParse(value, from)) return undefined;
  const next = new URL(value, from);
  return next.protocol === 'http:' || next.protocol === 'https:' ? next.href : undefined;
}
