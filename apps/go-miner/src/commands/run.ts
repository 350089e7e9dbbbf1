import type { CommandModule } from 'yargs';
import { executeJob } from './executeJob.js';
import type { CommitArgs, CrawlArgs, HttpArgs, LookupArgs, OutputArgs, ReportingArgs, StateArgs } from './sharedOptions.js';
import {
  checkArgs,
  withCommitOptions,
  withCrawlOptions,
  withHttpOptions,
  withLookupOptions,
  withOutputOptions,
  withReportingOptions,
  withStateOptions,
} from './sharedOptions.js';

export type RunArgs = StateArgs & CommitArgs & CrawlArgs & LookupArgs & OutputArgs & HttpArgs & ReportingArgs;

/** The whole job (the default command): crawl (or refresh), assign IDs, look up, export. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: ['run', '$0'],
  describe: 'The whole job (default): crawl the index, look up every module in the proxy, write the output',
  builder: (yargs) =>
    withReportingOptions(withHttpOptions(withOutputOptions(withLookupOptions(withCrawlOptions(withCommitOptions(withStateOptions(yargs)))))))
      .check(checkArgs)
      .example('$0', 'Everything with the defaults: ./go-miner-state, go-modules.csv')
      .example('$0 --out - --format jsonl > modules.jsonl', 'Stream JSON lines to stdout')
      .example('$0 --state-dir /data/go --out /data/go-modules.csv', 'Run again later with the same flags to refresh'),
  handler: async (argv) => {
    await executeJob(argv, ['crawl', 'lookup', 'export']);
  },
};
