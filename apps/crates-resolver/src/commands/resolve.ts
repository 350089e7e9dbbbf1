import type { Argv, CommandModule } from 'yargs';
import { findRegistryResolution } from '@registry-miners/crates-resolution';
import type { Resolution, SearchEvent } from '@registry-miners/crates-resolution';
import { CliError, ExitCode } from '../CliError.js';
import { resolutionJson, resolutionText } from '../formatResolution.js';
import { managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { openLocalRepositories } from '../openLocalRepositories.js';
import { parseAnchor } from '../parseAnchor.js';
import { parsePublishedTime } from '../parsePublishedTime.js';
import { readLockfilePackages } from '../readLockfilePackages.js';
import { resolutionFailure } from '../resolutionFailure.js';
import { resolveWithManager } from '../resolveWithManager.js';
import { formatSearchEvent } from '../formatSearchEvent.js';

interface ResolveArgs extends ManagerArgs {
  lockfile: string;
  published: string;
  repo: string[] | undefined;
  json: boolean;
  'require-all': boolean;
  verbose: boolean;
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
        demandOption: true,
        describe: 'When the lockfile was published (RFC 3339 with an offset): the search starts from the index as it was then',
      })
      .option('repo', {
        type: 'array',
        string: true,
        describe:
          'Search these local clones of the index instead of the managed cache, newest first (e.g. the current index, then older snapshots)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object: commit, time, found, total, missing' })
      .option('require-all', {
        type: 'boolean',
        default: false,
        describe: 'Exit 3 when some crates.io packages of the lockfile are not in the index at the publish time',
      })
      .option('verbose', { type: 'boolean', default: false, describe: 'Log the search as it goes (on stderr)' })
      .option('anchor', {
        type: 'string',
        describe: 'The crate being rebuilt, name@version: its own first index commit bounds the search instead of --published',
      })
      .example('$0 resolve Cargo.lock --published 2020-04-23T03:35:52+02:00', 'use the managed cache (clones on first use)')
      .example('$0 resolve Cargo.lock --published 2020-04-23T01:35:52Z --repo ./current --repo ./snapshot-2020-03-25 --json', 'use local clones') as unknown as Argv<ResolveArgs>,
  handler: async (args) => {
    const published = parsePublishedTime(args.published);
    const anchor = args.anchor === undefined ? undefined : parseAnchor(args.anchor);
    const packages = await readLockfilePackages(args.lockfile);
    const onEvent = args.verbose ? (event: SearchEvent) => process.stderr.write(`${formatSearchEvent(event)}\n`) : undefined;
    const options = { ...(anchor ? { anchor } : {}), ...(onEvent ? { onEvent } : {}) };

    let resolution: Resolution;
    let repositoryNames: string[];
    try {
      if (args.repo !== undefined && args.repo.length > 0) {
        repositoryNames = args.repo;
        resolution = await findRegistryResolution(await openLocalRepositories(args.repo), packages, published, options);
      } else {
        const manager = await openIndexManager(args);
        try {
          const available = await manager.listAvailableSnapshots();
          ({ resolution, repositoryNames } = await resolveWithManager(manager, available, packages, published, options));
        } finally {
          await manager.close();
        }
      }
    } catch (error) {
      throw resolutionFailure(error);
    }

    process.stdout.write(args.json ? `${JSON.stringify(resolutionJson(resolution))}\n` : resolutionText(resolution, repositoryNames));
    if (args['require-all'] && resolution.missing.length > 0) {
      throw new CliError(`${resolution.missing.length} of ${resolution.total} crates.io packages are not in the index at the publish time`, {
        exitCode: ExitCode.unresolved,
        hint: 'check --published (the index must already hold every version), or drop --require-all to accept a partial resolution',
      });
    }
  },
};
