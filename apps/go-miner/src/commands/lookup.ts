import type { CommandModule } from 'yargs';
import { executeJob } from './executeJob.js';
import type { HttpArgs, LookupArgs, ReportingArgs, StateArgs } from './sharedOptions.js';
import { checkArgs, withHttpOptions, withLookupOptions, withReportingOptions, withStateOptions } from './sharedOptions.js';

export type LookupCommandArgs = StateArgs & LookupArgs & HttpArgs & ReportingArgs;

/** Looks up the pending modules (new, newer version, or failed before) in the proxy. */
export const lookupCommand: CommandModule<object, LookupCommandArgs> = {
  command: 'lookup',
  describe: 'Look up pending modules (new, with a newer version, or failed before) in the Go module proxy',
  builder: (yargs) =>
    withReportingOptions(withHttpOptions(withLookupOptions(withStateOptions(yargs))))
      .check(checkArgs)
      .example('$0 lookup --concurrency 128', 'More lookups in flight'),
  handler: async (argv) => {
    await executeJob(argv, ['lookup']);
  },
};
