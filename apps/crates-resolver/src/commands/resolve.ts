import type { Argv, CommandModule } from 'yargs';
import { cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import { parsePublishedTime, resolutionJson } from '@registry-miners/crates-batch/failure';
import { CliError } from '../CliError.js';
import { managerOptions } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { parseAnchor } from '../parseAnchor.js';
import { Reporter } from '../Reporter.js';
import type { OutputArgs } from '../Reporter.js';
import { resolutionText } from '../resolutionText.js';

interface ResolveArgs extends ManagerArgs, OutputArgs {
  lockfile: string;
  published: string | undefined;
  repo: string[] | undefined;
  json: boolean;
  'require-all': boolean;
  anchor: string | undefined;
}

export const resolveCommand: CommandModule<object, ResolveArgs> = {
  command: 'resolve <lockfile>',
  describe: 'Find the earliest crates.io index commit at which a Cargo.lock could have been resolved',
  builder: (yargs) =>
    managerOptions(yargs as Argv)
      .positional('lockfile', { type: 'string', demandOption: true, describe: 'Path of the Cargo.lock (format v1 to v4)' })
      .option('published', {
        type: 'string',
        requiresArg: true,
        describe: 'When the lockfile was published (RFC 3339 with an offset): the search starts from the index as it was then. Required unless --anchor is given',
      })
      .option('repo', {
        type: 'array',
        string: true,
        requiresArg: true,
        describe:
          'Search these local clones of the index instead of the managed cache, newest first (e.g. the current index, then older snapshots)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object: commit, time, found, total, missing' })
      .option('require-all', {
        type: 'boolean',
        default: false,
        describe: 'Exit 3 when some crates.io packages of the lockfile are not in the index at the publish time',
      })
      .option('anchor', {
        type: 'string',
        requiresArg: true,
        describe: 'The crate being rebuilt, name@version: its own first index commit bounds the search instead of --published',
      })
      .example('$0 resolve Cargo.lock --published 2020-04-23T03:35:52+02:00', 'use the managed cache (clones on first use)')
      .example('$0 resolve Cargo.lock --published 2020-04-23T01:35:52Z --repo ./current --repo ./snapshot-2020-03-25 --json', 'use local clones')
      .example('$0 resolve Cargo.lock --anchor bat@0.13.0', 'bound the search by the first index commit of the crate being rebuilt') as unknown as Argv<ResolveArgs>,
  handler: async (args) => {
    // Everything that can be wrong with the input is checked before nodegit and the cache are loaded.
    const published = args.published === undefined ? undefined : parsePublishedTime(args.published);
    const anchor = args.anchor === undefined ? undefined : parseAnchor(args.anchor);
    if (published === undefined && anchor === undefined) {
      throw new CliError('ERR_BAD_INPUT', 'resolve needs --published (or --anchor)', {
        hint: 'give the publish time, e.g. --published 2020-04-23T01:35:52Z, or the crate being rebuilt, e.g. --anchor bat@0.13.0',
      });
    }
    const packages = cratesIoPackages(await readCargoLock(args.lockfile));
    const reporter = new Reporter(args);
    const { searchLockfile } = await import('../searchLockfile.js');
    const { resolution, repositoryNames } = await searchLockfile({ packages, published, anchor, repo: args.repo, managerArgs: args, reporter });

    reporter.done();
    process.stdout.write(args.json ? `${JSON.stringify(resolutionJson(resolution))}\n` : resolutionText(resolution, repositoryNames));
    if (args['require-all'] && resolution.missing.length > 0) {
      throw new CliError('ERR_UNRESOLVED', `${resolution.missing.length} of ${resolution.total} crates.io packages are not in the index at the publish time`, {
        hint: 'check --published (the index must already hold every version), or drop --require-all to accept a partial resolution',
      });
    }
  },
};
