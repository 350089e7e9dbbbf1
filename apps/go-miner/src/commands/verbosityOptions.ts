import type { Argv } from 'yargs';

/** How much go-miner says on stderr besides errors and warnings (global flags, every command). */
export interface VerbosityArgs {
  quiet: boolean;
  verbose: boolean;
}

export function withVerbosityOptions<T>(yargs: Argv<T>): Argv<T & VerbosityArgs> {
  return yargs
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      describe: 'Only errors and warnings on stderr: no progress, no summary',
      conflicts: 'verbose',
    })
    .option('verbose', {
      type: 'boolean',
      describe: 'Also log the settings in effect (resolved paths, URLs, limits) when a job starts',
    }) as unknown as Argv<T & VerbosityArgs>;
}
