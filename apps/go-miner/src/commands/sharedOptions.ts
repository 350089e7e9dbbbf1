import type { Argv } from 'yargs';
import { OUTPUT_FORMATS } from '@registry-miners/go-mining';
import type { OutputFormat } from '@registry-miners/go-mining';
import { UsageError } from '../errors/UsageError.js';
import { checkUrlSetting, DEFAULTS, LIMITS } from '@registry-miners/go-mining';
import { numberOption, USAGE_HINT } from './numberOption.js';
import { PROGRESS_MODES } from '@registry-miners/progress';
import { parseRepositorySources } from '@registry-miners/go-mining';
import type { ProgressMode } from '@registry-miners/progress';

const GROUPS = {
  crawl: 'Index crawl:',
  lookup: 'Proxy lookups:',
  output: 'Output:',
  http: 'HTTP:',
  reporting: 'Progress and reporting:',
} as const;

export interface StateArgs {
  'state-dir': string;
}

export interface CommitArgs {
  'commit-interval': number | undefined;
}

export interface CrawlArgs {
  'index-url': string;
  'include-all': boolean;
  shards: number;
  'page-limit': number;
}

export interface LookupArgs {
  'proxy-url': string | undefined;
  concurrency: number;
  'repository-sources': string;
  'go-get-base-url': string | undefined;
  'go-get-timeout': number;
}

export interface OutputArgs {
  out: string;
  format: OutputFormat;
  'allow-failed': boolean;
}

export interface HttpArgs {
  'max-retries': number;
  'request-timeout': number;
  'max-elapsed': number;
  'requests-per-second': number | undefined;
  'user-agent': string | undefined;
}

export interface ReportingArgs {
  progress: ProgressMode;
  'progress-interval': number;
  'summary-file': string | undefined;
}

export function withStateOptions<T>(yargs: Argv<T>): Argv<T & StateArgs> {
  return yargs.option('state-dir', {
    type: 'string',
    default: DEFAULTS.stateDir,
    describe:
      'Checkpoint directory (crawl position, modules, IDs, lookups). Reused to resume and to refresh; ' +
      'one directory per index URL and mode. Relative to where you ran pnpm (INIT_CWD) under `pnpm start`',
    group: 'State:',
    requiresArg: true,
  }) as unknown as Argv<T & StateArgs>;
}

export function withCommitOptions<T>(yargs: Argv<T>): Argv<T & CommitArgs> {
  return yargs.option(
    'commit-interval',
    numberOption('commit-interval', LIMITS.commitIntervalSeconds, {
      describe:
        'Seconds finished work may wait before it is committed to the state: index pages are committed together ' +
        '(fewer, larger writes), lookups every 1000 results or this often. A crash loses at most this much work ' +
        '[default: 5 for the crawl, 1 for lookups]',
      group: 'State:',
    }),
  ) as unknown as Argv<T & CommitArgs>;
}

export function withCrawlOptions<T>(yargs: Argv<T>): Argv<T & CrawlArgs> {
  return yargs
    .option('index-url', {
      type: 'string',
      default: DEFAULTS.indexUrl,
      describe: 'The Go module index feed (NDJSON, `since`/`limit` paging)',
      group: GROUPS.crawl,
      requiresArg: true,
    })
    .option('include-all', {
      type: 'boolean',
      default: false,
      describe: 'Crawl with include=all: also versions the proxy no longer serves (a separate state dir is required)',
      group: GROUPS.crawl,
    })
    .option(
      'shards',
      numberOption('shards', LIMITS.shards, {
        default: DEFAULTS.shards,
        describe: 'Time ranges of the index crawled in parallel (the crawl rebalances as shards finish)',
        group: GROUPS.crawl,
      }),
    )
    .option(
      'page-limit',
      numberOption('page-limit', LIMITS.pageLimit, {
        default: 2000,
        describe: 'Entries per index request (index.golang.org allows at most 2000)',
        group: GROUPS.crawl,
        hidden: true,
      }),
    ) as unknown as Argv<T & CrawlArgs>;
}

export function withLookupOptions<T>(yargs: Argv<T>): Argv<T & LookupArgs> {
  return yargs
    .option('proxy-url', {
      type: 'string',
      describe: `Go module proxy base URL [default: first usable GOPROXY entry, else ${DEFAULTS.proxyUrl}]`,
      group: GROUPS.lookup,
      requiresArg: true,
    })
    .option(
      'concurrency',
      numberOption('concurrency', LIMITS.concurrency, {
        default: DEFAULTS.concurrency,
        describe: 'Proxy lookups in flight. Throughput ≈ concurrency / (latency × ~1.3 requests per module), e.g. 128 / (40 ms × 1.3) ≈ 2400 modules/s',
        group: GROUPS.lookup,
      }),
    )
    .option('repository-sources', {
      type: 'string',
      default: 'origin',
      describe:
        'Where repository URLs come from, tried in this order: origin (the proxy\'s Origin), hosts (rules for github.com, ' +
        'gitlab.com, gopkg.in, golang.org/x, …), go-get (the module\'s host, ?go-get=1). hosts and go-get apply to modules without an Origin URL',
      group: GROUPS.lookup,
      requiresArg: true,
    })
    .option('go-get-base-url', {
      type: 'string',
      describe: 'Ask URL/<module path>?go-get=1 instead of https://<module path>?go-get=1 (tests, mirrors)',
      group: GROUPS.lookup,
      requiresArg: true,
    })
    .option(
      'go-get-timeout',
      numberOption('go-get-timeout', LIMITS.goGetTimeoutSeconds, {
        default: 10,
        describe: 'Seconds one ?go-get=1 discovery may take (redirects and retries included); a host that times out is skipped for the run',
        group: GROUPS.lookup,
      }),
    ) as unknown as Argv<T & LookupArgs>;
}

export function withOutputOptions<T>(yargs: Argv<T>): Argv<T & OutputArgs> {
  return yargs
    .option('out', {
      alias: 'o',
      type: 'string',
      default: DEFAULTS.out,
      describe: 'Output file (written to a temp file, then renamed), or - for stdout. Relative to INIT_CWD under `pnpm start`',
      group: GROUPS.output,
      requiresArg: true,
    })
    .option('format', {
      alias: 'f',
      choices: OUTPUT_FORMATS as OutputFormat[],
      default: DEFAULTS.format,
      describe:
        'csv: the original tool\'s columns (ID,Platform,Name,Homepage URL,Repository URL; nan = no Origin); ' +
        'extended: CSV with version, timestamp, status and every Origin field; jsonl: one JSON object per module',
      group: GROUPS.output,
      requiresArg: true,
    })
    .option('allow-failed', {
      type: 'boolean',
      default: false,
      describe:
        'Write the csv even if some lookups failed after retries (they become nan, with a warning). ' +
        'Without it such an export is refused (exit 1) and the next run retries them',
      group: GROUPS.output,
    }) as unknown as Argv<T & OutputArgs>;
}

export function withHttpOptions<T>(yargs: Argv<T>): Argv<T & HttpArgs> {
  return yargs
    .option(
      'max-retries',
      numberOption('max-retries', LIMITS.maxRetries, {
        default: DEFAULTS.maxRetries,
        describe: 'Retries per request (network errors, timeouts, 429, 5xx, "fetch timed out"), with exponential backoff',
        group: GROUPS.http,
      }),
    )
    .option(
      'request-timeout',
      numberOption('request-timeout', LIMITS.requestTimeoutSeconds, {
        default: DEFAULTS.requestTimeoutMs / 1000,
        describe: 'Seconds to wait for a response (connect + headers) before retrying',
        group: GROUPS.http,
      }),
    )
    .option(
      'max-elapsed',
      numberOption('max-elapsed', LIMITS.maxElapsedSeconds, {
        default: DEFAULTS.maxElapsedMs / 1000,
        describe: 'Seconds one request may take, retries included, before it fails',
        group: GROUPS.http,
      }),
    )
    .option(
      'requests-per-second',
      numberOption('requests-per-second', LIMITS.requestsPerSecond, {
        describe: 'Cap on requests started per second [default: no cap]',
        group: GROUPS.http,
      }),
    )
    .option('user-agent', {
      type: 'string',
      describe: 'User-Agent header [default: registry-miners/<version> (+project URL)]',
      group: GROUPS.http,
      requiresArg: true,
    }) as unknown as Argv<T & HttpArgs>;
}

export function withReportingOptions<T>(yargs: Argv<T>): Argv<T & ReportingArgs> {
  return yargs
    .option('progress', {
      choices: PROGRESS_MODES as ProgressMode[],
      default: 'auto' as ProgressMode,
      describe: 'auto: bars when stderr is a terminal, else a periodic log line; bars; log; none',
      group: GROUPS.reporting,
      requiresArg: true,
    })
    .option(
      'progress-interval',
      numberOption('progress-interval', LIMITS.progressIntervalSeconds, {
        default: 10,
        describe: 'Seconds between progress log lines (--progress log)',
        group: GROUPS.reporting,
      }),
    )
    .option('summary-file', {
      type: 'string',
      describe: 'Also write the final summary as JSON to this file (counts, durations, HTTP stats, CPU, peak RSS)',
      group: GROUPS.reporting,
      requiresArg: true,
    }) as unknown as Argv<T & ReportingArgs>;
}

/** Checks what yargs cannot (URLs, empty paths; numbers are checked as they are read): a usage error (exit 2). */
export function checkArgs(argv: Record<string, unknown>): true {
  try {
    return checkValues(argv);
  } catch (error) {
    throw new UsageError((error as Error).message, { hint: USAGE_HINT });
  }
}

function checkValues(argv: Record<string, unknown>): true {
  if (argv['repository-sources'] !== undefined) {
    try {
      parseRepositorySources(String(argv['repository-sources']));
    } catch (error) {
      throw new Error(`--repository-sources: ${(error as Error).message}`);
    }
  }
  for (const name of ['index-url', 'proxy-url', 'go-get-base-url']) {
    if (argv[name] !== undefined) checkUrlSetting(`--${name}`, argv[name]);
  }
  for (const name of ['out', 'state-dir']) {
    if (argv[name] === '') throw new Error(`--${name} must not be empty`);
  }
  return true;
}
