/** The job's options, their defaults and the ranges its numeric settings accept. */
import { DEFAULT_INDEX_URL, DEFAULT_SHARD_COUNT } from '@registry-miners/go-index';
import { DEFAULT_PROXY_URL } from '@registry-miners/go-proxy-origin';
import type { Writable } from 'node:stream';
import type { HttpPoolOptions } from '@registry-miners/http-pool';
import type { OutputFormat } from './formats/OutputFormat.js';
import type { ProgressReporter } from '@registry-miners/progress';
import type { RepositorySource } from './repository/RepositorySource.js';

/** Defaults shared by the CLI and {@link mineGo}. */
export const DEFAULTS = {
  indexUrl: DEFAULT_INDEX_URL,
  proxyUrl: DEFAULT_PROXY_URL,
  stateDir: './go-miner-state',
  out: 'go-modules.csv',
  format: 'csv' as OutputFormat,
  concurrency: 128,
  shards: DEFAULT_SHARD_COUNT,
  maxRetries: 8,
  requestTimeoutMs: 30_000,
  maxElapsedMs: 300_000,
} as const;

/**
 * What the numeric settings accept, in the units the CLI shows (seconds). The upper bounds keep one typo
 * (`--concurrency 1e9`) from allocating the machine away or hammering a registry; they are far above any
 * useful value.
 */
export const LIMITS = {
  concurrency: { min: 1, max: 1024, integer: true },
  shards: { min: 1, max: 256, integer: true },
  pageLimit: { min: 1, max: 2000, integer: true },
  commitIntervalSeconds: { min: 0, max: 3600, integer: false },
  maxRetries: { min: 0, max: 100, integer: true },
  requestTimeoutSeconds: { min: 0.1, max: 3600, integer: false },
  maxElapsedSeconds: { min: 0.1, max: 86_400, integer: false },
  requestsPerSecond: { min: 0.1, max: 100_000, integer: false },
  progressIntervalSeconds: { min: 0.1, max: 86_400, integer: false },
  goGetTimeoutSeconds: { min: 0.1, max: 3600, integer: false },
} as const;

/** Options of {@link mineGo} and of the phases the CLI runs. Paths are used as given (resolve them first). */
export interface MineGoOptions {
  /**
   * Directory of the checkpoint store (created if missing). One directory per index URL and mode.
   * @example './go-miner-state'
   */
  stateDir: string;
  /**
   * The Go module index feed.
   * @default 'https://index.golang.org/index'
   */
  indexUrl?: string;
  /**
   * The Go module proxy base URL.
   * @default the first usable GOPROXY entry, else 'https://proxy.golang.org'
   */
  proxyUrl?: string;
  /**
   * Output file, or `-` for stdout.
   * @default 'go-modules.csv'
   */
  out?: string;
  /** @default 'csv' */
  format?: OutputFormat;
  /** Write `csv` even with failed lookups (as `nan`). @default false */
  allowFailed?: boolean;
  /** Crawl with `include=all` (versions the proxy no longer serves too). @default false */
  includeAll?: boolean;
  /** Proxy lookups in flight, 1 to 1024. @default 128 */
  concurrency?: number;
  /** Index shards crawled at once, 1 to 256. @default 32 */
  shards?: number;
  /** Entries per index request (the public index allows at most 2000). @default 2000 */
  pageLimit?: number;
  /**
   * Longest time finished work waits for its commit: received index pages (committed together, with the
   * shard plan) and lookup results (also committed every 1000). 0 commits every page / result batch at once.
   * @default 5000 for the crawl, 1000 for lookups
   */
  commitIntervalMs?: number;
  /**
   * Where repository URLs may come from, tried in the order origin, hosts, go-get: the proxy's Origin,
   * static rules for well-known hosts, the module's host's `?go-get=1` page.
   * @default ['origin']
   * @example ['origin', 'hosts', 'go-get']
   */
  repositorySources?: RepositorySource[];
  /**
   * Ask `${goGetBaseUrl}/<module path>?go-get=1` instead of `https://<module path>?go-get=1` (tests, mirrors).
   * @default undefined
   */
  goGetBaseUrl?: string;
  /** Milliseconds one go-get discovery may take, redirects and retries included. @default 10_000 */
  goGetTimeoutMs?: number;
  /** HTTP settings for both pools (concurrency and connections are derived from the options above). */
  http?: Pick<HttpPoolOptions, 'userAgent' | 'maxRetries' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'headersTimeoutMs' | 'bodyTimeoutMs' | 'maxElapsedMs' | 'requestsPerSecond'>;
  /** Stops the job; finished work is kept. */
  signal?: AbortSignal;
  /** Where progress goes. @default none */
  progress?: ProgressReporter;
  /** Environment read for GOPROXY. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Destination of `out: '-'`. @default process.stdout */
  stdout?: Writable;
}

/** Phases of a job, in order. */
export type Phase = 'crawl' | 'lookup' | 'export';
