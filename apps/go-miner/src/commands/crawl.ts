import type { CommandModule } from 'yargs';
import { executeJob } from './executeJob.js';
import type { CommitArgs, CrawlArgs, HttpArgs, ReportingArgs, StateArgs } from './sharedOptions.js';
import { checkArgs, withCommitOptions, withCrawlOptions, withHttpOptions, withReportingOptions, withStateOptions } from './sharedOptions.js';

export type CrawlCommandArgs = StateArgs & CommitArgs & CrawlArgs & HttpArgs & ReportingArgs;

/** Crawls the index into the state (or refreshes a finished crawl) and assigns IDs to new modules. */
export const crawlCommand: CommandModule<object, CrawlCommandArgs> = {
  command: 'crawl',
  describe: 'Crawl the index into the state (resume, or refresh after a finished crawl) and assign IDs',
  builder: (yargs) =>
    withReportingOptions(withHttpOptions(withCrawlOptions(withCommitOptions(withStateOptions(yargs)))))
      .check(checkArgs)
      .example('$0 crawl --shards 8', 'Crawl with 8 parallel time ranges (gentler on the index)'),
  handler: async (argv) => {
    await executeJob(argv, ['crawl']);
  },
};
