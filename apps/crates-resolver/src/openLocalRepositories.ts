import { stat } from 'node:fs/promises';
import NodeGit from 'nodegit';
import { CliError, ExitCode } from './CliError.js';

/** Opens each `--repo` directory (bare or not) with nodegit, naming the one that is not a git repository. */
export async function openLocalRepositories(paths: readonly string[]): Promise<NodeGit.Repository[]> {
  return Promise.all(
    paths.map(async (path) => {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isDirectory()) {
        throw new CliError(`--repo ${path}: no such directory`, {
          exitCode: ExitCode.badInput,
          hint: 'give the path of a local clone of the crates.io index (bare or not)',
        });
      }
      try {
        return await NodeGit.Repository.open(path);
      } catch (error) {
        throw new CliError(`--repo ${path} is not a git repository`, {
          exitCode: ExitCode.badInput,
          hint: 'clone the index first: git clone --bare https://github.com/rust-lang/crates.io-index.git',
          cause: error,
        });
      }
    }),
  );
}
