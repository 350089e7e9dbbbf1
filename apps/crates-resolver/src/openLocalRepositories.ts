import { stat } from 'node:fs/promises';
import NodeGit from 'nodegit';
import { CliError, ExitCode } from './CliError.js';
import { DEFAULT_CURRENT_URL } from '@registry-miners/crates-index-manager/defaultUrls';

/** A `--repo` clone, opened, with the time of its HEAD commit (to tell a clone older than the publish time). */
export interface LocalRepository {
  repository: NodeGit.Repository;
  headTime: Date;
}

/** Opens each `--repo` directory (bare or not) with nodegit, naming the one that is not a git repository. */
export async function openLocalRepositories(paths: readonly string[]): Promise<LocalRepository[]> {
  return Promise.all(
    paths.map(async (path) => {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isDirectory()) {
        throw new CliError(`--repo ${path}: no such directory`, {
          exitCode: ExitCode.badInput,
          hint: 'give the path of a local clone of the crates.io index (bare or not)',
        });
      }
      let repository: NodeGit.Repository;
      try {
        repository = await NodeGit.Repository.open(path);
      } catch (error) {
        throw new CliError(`--repo ${path} is not a git repository`, {
          exitCode: ExitCode.badInput,
          hint: `clone the index first: git clone --bare ${DEFAULT_CURRENT_URL}`,
          cause: error,
        });
      }
      // An empty repository has no HEAD commit: the search itself reports that.
      const head = await repository.getHeadCommit().catch(() => null);
      return { repository, headTime: head ? head.date() : new Date(8.64e15) };
    }),
  );
}
