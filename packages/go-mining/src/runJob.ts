import { setMaxListeners } from 'node:events';
import { HttpPool } from '@registry-miners/http-pool';
import { goProxyClassifier, goProxyFromEnv, normaliseProxyUrl } from '@registry-miners/go-proxy-origin';
import type { GoProxySetting } from '@registry-miners/go-proxy-origin';
import { DEFAULT_PAGE_LIMIT } from '@registry-miners/go-index';
import { assignIds } from './assignIds.js';
import { checkSetting, checkUrlSetting } from './checkSetting.js';
import { crawlPhase } from './crawlPhase.js';
import { abortError } from './errors/abortError.js';
import { GoMinerError } from './errors/GoMinerError.js';
import { exportPhase } from './exportPhase.js';
import { DEFAULTS, LIMITS } from './jobOptions.js';
import type { MineGoOptions, Phase } from './jobOptions.js';
import type { JobSummary } from './JobSummary.js';
import { lookupPhase } from './lookupPhase.js';
import { firstRetryLogger } from './firstRetryLogger.js';
import { indexPageMaxBytes } from './indexPageMaxBytes.js';
import { MinerState } from './state/MinerState.js';
import { openRepositoryInference } from './repository/openRepositoryInference.js';

function phaseMeter(): () => { cpuMs: number; maxRssBytes: number } {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return { cpuMs: (used.user + used.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  };
}

/**
 * Runs the given phases in order against one state directory: `crawl` (index → modules, then IDs),
 * `lookup` (modules needing it → proxy Origin), `export` (state → file). Throws GoMinerError, IndexError,
 * CheckpointError; on abort, finished work is committed and a GoMinerError `ERR_ABORTED` is thrown.
 */
export async function runJob(options: MineGoOptions, phases: readonly Phase[]): Promise<JobSummary> {
  const started = Date.now();
  const indexUrl = checkUrlSetting('indexUrl', options.indexUrl ?? DEFAULTS.indexUrl);
  // GOPROXY matters only to lookups: `GOPROXY=off` must not stop a crawl or an export.
  const proxy = phases.includes('lookup') ? proxySetting(options) : undefined;
  const concurrency = checkSetting('concurrency', options.concurrency ?? DEFAULTS.concurrency, LIMITS.concurrency);
  const shards = checkSetting('shards', options.shards ?? DEFAULTS.shards, LIMITS.shards);
  const includeAll = options.includeAll ?? false;
  const { progress } = options;
  // Every request in flight listens on the signal: a private one, linked to the caller's, without the
  // 10-listener warning.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const outer = options.signal;
  const forward = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  const signal = controller.signal;
  const summary: JobSummary = {
    stateDir: options.stateDir,
    phases: [...phases],
    modules: 0,
    lookupCounts: { found: 0, 'no-origin': 0, 'not-found': 0, rejected: 0, failed: 0 },
    unresolved: 0,
    http: {},
    phaseResources: {},
    durationMs: 0,
  };
  const checkAbort = (): void => {
    if (signal.aborted) throw abortError(signal);
  };

  // Export alone only reads: it can run beside another go-miner working on the same state.
  const readonly = phases.length === 1 && phases[0] === 'export';
  const state = MinerState.open(options.stateDir, { readonly });
  try {
    if (phases.includes('crawl')) {
      state.bind(indexUrl, includeAll);
      const maxBodyBytes = indexPageMaxBytes(options.pageLimit ?? DEFAULT_PAGE_LIMIT);
      const onRetry = firstRetryLogger('index', progress);
      const pool = new HttpPool({ ...options.http, concurrency: shards, connectionsPerOrigin: shards, maxBodyBytes, onRetry });
      let meter = phaseMeter();
      try {
        const { pageLimit, commitIntervalMs } = options;
        summary.crawl = await crawlPhase({ state, pool, indexUrl, includeAll, shards, pageLimit, commitIntervalMs, signal, progress });
      } catch (error) {
        checkAbort();
        throw error;
      } finally {
        summary.http.index = pool.stats();
        await pool.close();
      }
      summary.phaseResources.crawl = meter();
      checkAbort();
      meter = phaseMeter();
      summary.ids = assignIds(state, { progress, signal });
      summary.phaseResources.ids = meter();
      checkAbort();
    }
    if (phases.includes('lookup')) {
      if (!state.config()) {
        throw new GoMinerError('ERR_CRAWL_INCOMPLETE', `Nothing to look up: no crawl has run in ${options.stateDir}.`, {
          hint: 'Run `go-miner crawl` (or just `go-miner`) first.',
        });
      }
      if (proxy?.warning) progress?.log(`warning: ${proxy.warning}`);
      const onRetry = firstRetryLogger('proxy', progress);
      const pool = new HttpPool({ ...options.http, concurrency, connectionsPerOrigin: concurrency, classify: goProxyClassifier, onRetry });
      const repository = openRepositoryInference(options, state);
      const meter = phaseMeter();
      try {
        const batchIntervalMs = options.commitIntervalMs === undefined ? undefined : Math.max(10, options.commitIntervalMs);
        const proxyUrl = proxy!.url;
        summary.lookup = await lookupPhase({ state, pool, proxyUrl, concurrency, repository: repository.inference, batchIntervalMs, signal, progress });
      } finally {
        summary.http.proxy = pool.stats();
        const goGet = repository.stats();
        if (goGet) [summary.goGet, summary.http.goGet] = [goGet.discovery, goGet.http];
        await Promise.all([pool.close(), repository.close()]);
      }
      summary.phaseResources.lookup = meter();
      checkAbort();
    }
    if (phases.includes('export')) {
      const meter = phaseMeter();
      const { out = DEFAULTS.out, format = DEFAULTS.format, allowFailed = false, stdout } = options;
      summary.export = await exportPhase({ state, out, format, allowFailed, stdout, signal, progress });
      summary.phaseResources.export = meter();
    }
    summary.modules = state.moduleCount();
    summary.lookupCounts = state.lookupCounts();
    summary.unresolved = state.unresolvedCount();
  } finally {
    state.close();
    outer?.removeEventListener('abort', forward);
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

/** The proxy lookups use: `proxyUrl` when given, else GOPROXY's first proxy (with a warning for `direct`). */
function proxySetting(options: MineGoOptions): GoProxySetting {
  if (options.proxyUrl === undefined) return goProxyFromEnv(options.env ?? process.env);
  return { url: normaliseProxyUrl(checkUrlSetting('proxyUrl', options.proxyUrl), '--proxy-url') };
}
