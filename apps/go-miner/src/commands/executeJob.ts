import { writeFile } from 'node:fs/promises';
import type { ArgumentsCamelCase } from 'yargs';
import type { MineGoOptions, Phase } from '@registry-miners/go-mining';
import { createProgress } from '@registry-miners/progress';
import { formatSummary, resourceFigures } from '../progress/formatSummary.js';
import { resolveUserPath } from '../resolveUserPath.js';
import { runJob } from '@registry-miners/go-mining';
import { parseRepositorySources } from '@registry-miners/go-mining';
import type { JobSummary } from '@registry-miners/go-mining';
import { contextOf } from './CliContext.js';
import type { CommitArgs, CrawlArgs, HttpArgs, LookupArgs, OutputArgs, ReportingArgs, StateArgs } from './sharedOptions.js';
import type { VerbosityArgs } from './verbosityOptions.js';

type JobArgs = StateArgs & ReportingArgs & Partial<CommitArgs & CrawlArgs & LookupArgs & OutputArgs & HttpArgs & VerbosityArgs>;

/** Turns parsed arguments into job options, runs the phases with progress, and reports the summary. */
export async function executeJob(argv: ArgumentsCamelCase<JobArgs>, phases: Phase[]): Promise<JobSummary> {
  const context = contextOf(argv as Record<string, unknown>);
  const progress = createProgress(argv.quiet ? 'none' : argv.progress, argv['progress-interval'] * 1000);
  const seconds = (value: number | undefined): number | undefined => (value === undefined ? undefined : value * 1000);
  const options: MineGoOptions = {
    stateDir: resolveUserPath(argv['state-dir'], context.env),
    indexUrl: argv['index-url'],
    includeAll: argv['include-all'],
    shards: argv.shards,
    pageLimit: argv['page-limit'],
    commitIntervalMs: seconds(argv['commit-interval']),
    proxyUrl: argv['proxy-url'],
    concurrency: argv.concurrency,
    repositorySources: argv['repository-sources'] === undefined ? undefined : parseRepositorySources(argv['repository-sources']),
    goGetBaseUrl: argv['go-get-base-url'],
    goGetTimeoutMs: seconds(argv['go-get-timeout']),
    out: argv.out === undefined || argv.out === '-' ? argv.out : resolveUserPath(argv.out, context.env),
    format: argv.format,
    allowFailed: argv['allow-failed'],
    http: {
      maxRetries: argv['max-retries'],
      headersTimeoutMs: seconds(argv['request-timeout']),
      maxElapsedMs: seconds(argv['max-elapsed']),
      requestsPerSecond: argv['requests-per-second'],
      userAgent: argv['user-agent'],
    },
    signal: context.signal,
    progress,
    stdout: context.stdout,
    env: context.env,
  };
  if (argv.verbose) progress.log(`go-miner: settings ${describeSettings(options)}`);
  let summary: JobSummary;
  try {
    summary = await runJob(options, phases);
  } finally {
    progress.close();
  }
  const resources = resourceFigures();
  if (!argv.quiet) context.stderr.write(`${formatSummary(summary, resources)}\n`);
  if (argv['summary-file']) {
    const file = resolveUserPath(argv['summary-file'], context.env);
    await writeFile(file, `${JSON.stringify({ ...summary, resources }, null, 2)}\n`);
  }
  return summary;
}

/** The settings a job runs with, as one line of JSON (streams, signal and environment left out). */
function describeSettings(options: MineGoOptions): string {
  const { signal: _signal, progress: _progress, stdout: _stdout, env: _env, ...settings } = options;
  return JSON.stringify(settings);
}
