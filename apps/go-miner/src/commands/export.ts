import type { CommandModule } from 'yargs';
import { executeJob } from './executeJob.js';
import type { OutputArgs, ReportingArgs, StateArgs } from './sharedOptions.js';
import { checkArgs, withOutputOptions, withReportingOptions, withStateOptions } from './sharedOptions.js';

export type ExportCommandArgs = StateArgs & OutputArgs & ReportingArgs;

/** Writes the output from the state, in ID order. */
export const exportCommand: CommandModule<object, ExportCommandArgs> = {
  command: 'export',
  describe: 'Write the output file from the state (no network), in ID order',
  builder: (yargs) =>
    withReportingOptions(withOutputOptions(withStateOptions(yargs)))
      .check(checkArgs)
      .example('$0 export --format extended --out go-modules-extended.csv', 'Every Origin field and the lookup status')
      .example('$0 export --out - | head', 'The first rows on stdout'),
  handler: async (argv) => {
    await executeJob(argv, ['export']);
  },
};
