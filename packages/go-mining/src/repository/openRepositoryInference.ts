import { HttpPool } from '@registry-miners/http-pool';
import type { HttpStats } from '@registry-miners/http-pool';
import { GoGetDiscovery } from '@registry-miners/go-repository';
import type { GoGetDiscoveryStats } from '@registry-miners/go-repository';
import type { MineGoOptions } from '../jobOptions.js';
import type { MinerState } from '../state/MinerState.js';
import { RepositoryInference } from './RepositoryInference.js';
import { DEFAULT_REPOSITORY_SOURCES, parseRepositorySources } from './RepositorySource.js';
import { StateGoGetCache } from './StateGoGetCache.js';

/** ?go-get=1 requests in flight across all hosts (each host gets at most 2). */
const GO_GET_CONCURRENCY = 64;

export interface OpenedRepositoryInference {
  inference: RepositoryInference;
  /** Discovery counters and its HTTP stats (when `go-get` is a source). */
  stats(): { discovery: GoGetDiscoveryStats; http: HttpStats } | undefined;
  close(): Promise<void>;
}

/**
 * The repository inference of a lookup phase: the sources of `options.repositorySources`, and for
 * `go-get` a discovery with its own pool (few retries, short deadlines: these are third-party hosts)
 * whose answers are kept in the state.
 */
export function openRepositoryInference(options: MineGoOptions, state: MinerState): OpenedRepositoryInference {
  const sources = parseRepositorySources(options.repositorySources ?? DEFAULT_REPOSITORY_SOURCES);
  if (!sources.includes('go-get')) return { inference: new RepositoryInference(sources, undefined), stats: () => undefined, close: async () => undefined };
  const timeoutMs = Math.max(1, Math.round(options.goGetTimeoutMs ?? 10_000));
  const pool = new HttpPool({
    userAgent: options.http?.userAgent,
    concurrency: GO_GET_CONCURRENCY,
    connectionsPerOrigin: GO_GET_CONCURRENCY,
    maxRetries: 2,
    headersTimeoutMs: timeoutMs,
    bodyTimeoutMs: timeoutMs,
    maxElapsedMs: timeoutMs,
  });
  const discovery = new GoGetDiscovery({
    pool,
    timeoutMs,
    cache: new StateGoGetCache(state),
    baseUrl: options.goGetBaseUrl,
  });
  return {
    inference: new RepositoryInference(sources, discovery),
    stats: () => ({ discovery: discovery.stats(), http: pool.stats() }),
    close: () => pool.close(),
  };
}
