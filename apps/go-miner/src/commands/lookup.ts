import type { CommandModule } from 'yargs';
import { executeJob } from './executeJob.js';
import type { CommitArgs, HttpArgs, LookupArgs, ReportingArgs, StateArgs } from './sharedOptions.js';
import { checkArgs, withCommitOptions, withHttpOptions, withLookupOptions, withReportingOptions, withStateOptions } from './sharedOptions.js';

export type LookupCommandArgs = StateArgs & CommitArgs & LookupArgs & HttpArgs & ReportingArgs;

/** Looks up the modules that need it (new, newer version, or failed before) in the proxy. */
export const lookupCommand: CommandModule<object, LookupCommandArgs> = {
  command: 'lookup',
  describe: 'Look up modules that need it (new, with a newer version, or failed before) in the Go module proxy',
  builder: (yargs) =>
    withReportingOptions(withHttpOptions(withLookupOptions(withCommitOptions(withStateOptions(yargs)))))
      .check(checkArgs)
      .example('$0 lookup --concurrency 128', 'More lookups in flight'),
  handler: async (argv) => {
    await executeJob(argv, ['lookup']);
  },
};
