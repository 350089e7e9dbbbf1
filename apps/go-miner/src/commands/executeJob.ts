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
  const options: MineGoOptions = {
    stateDir: resolveUserPath(argv['state-dir'], context.env),
    signal: context.signal,
    progress,
    stdout: context.stdout,
    env: context.env,
    http: {},
  };
  if (argv['index-url'] !== undefined) options.indexUrl = argv['index-url'];
  if (argv['include-all'] !== undefined) options.includeAll = argv['include-all'];
  if (argv.shards !== undefined) options.shards = argv.shards;
  if (argv['page-limit'] !== undefined) options.pageLimit = argv['page-limit'];
  if (argv['commit-interval'] !== undefined) options.commitIntervalMs = argv['commit-interval'] * 1000;
  if (argv['proxy-url'] !== undefined) options.proxyUrl = argv['proxy-url'];
  if (argv.concurrency !== undefined) options.concurrency = argv.concurrency;
  if (argv['repository-sources'] !== undefined) options.repositorySources = parseRepositorySources(argv['repository-sources']);
  if (argv['go-get-base-url'] !== undefined) options.goGetBaseUrl = argv['go-get-base-url'];
  if (argv['go-get-timeout'] !== undefined) options.goGetTimeoutMs = argv['go-get-timeout'] * 1000;
  if (argv.out !== undefined) options.out = argv.out === '-' ? '-' : resolveUserPath(argv.out, context.env);
  if (argv.format !== undefined) options.format = argv.format;
  if (argv['allow-failed'] !== undefined) options.allowFailed = argv['allow-failed'];
  const http = options.http!;
  if (argv['max-retries'] !== undefined) http.maxRetries = argv['max-retries'];
  if (argv['request-timeout'] !== undefined) http.headersTimeoutMs = argv['request-timeout'] * 1000;
  if (argv['max-elapsed'] !== undefined) http.maxElapsedMs = argv['max-elapsed'] * 1000;
  if (argv['requests-per-second'] !== undefined) http.requestsPerSecond = argv['requests-per-second'];
  if (argv['user-agent'] !== undefined) http.userAgent = argv['user-agent'];
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
