import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CURRENT_URL } from '@registry-miners/crates-index-manager/defaultUrls';
import { LazyRepository } from '@registry-miners/crates-resolution';
import { CliError } from './CliError.js';

/**
 * A handle on each `--repo` directory (bare or not), naming the one that is not a git repository.
 * Nothing is opened yet: the search opens a clone (and loads nodegit) only if what it needs is not
 * in the search cache already.
 */
export function openLocalRepositories(paths: readonly string[]): LazyRepository[] {
  return paths.map((path) => {
    if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new CliError('ERR_BAD_INPUT', `--repo ${path}: no such directory`, {
        hint: 'give the path of a local clone of the crates.io index (bare or not)',
      });
    }
    const handle = LazyRepository.at(path);
    // Every git directory has a HEAD file and an objects directory (bare, or a work tree's .git).
    if (!statSync(join(handle.path, 'HEAD'), { throwIfNoEntry: false })?.isFile() || !statSync(join(handle.path, 'objects'), { throwIfNoEntry: false })?.isDirectory()) {
      throw new CliError('ERR_BAD_INPUT', `--repo ${path} is not a git repository`, {
        hint: `clone the index first: git clone --bare ${DEFAULT_CURRENT_URL}`,
      });
    }
    return handle;
  });
}
