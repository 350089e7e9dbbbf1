import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { IndexManager } from '@registry-miners/crates-index-manager';
import type { IndexManagerOptions } from '@registry-miners/crates-index-manager';
import { parseDuration } from './parseDuration.js';
import { ProgressLine } from './ProgressLine.js';

export const DEFAULT_INDEX_URL = 'https://github.com/rust-lang/crates.io-index.git';
export const DEFAULT_ARCHIVE_URL = 'https://github.com/rust-lang/crates.io-index-archive.git';

/** The options every command that uses the managed cache shares. */
export interface ManagerArgs {
  'cache-dir': string;
  'index-url': string;
  'archive-url': string;
  'max-snapshots': number;
  'update-interval': string;
}

/** `$XDG_CACHE_HOME/registry-miners/crates-index`, else `~/.cache/registry-miners/crates-index`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'registry-miners', 'crates-index');
}

export function managerOptions<T>(yargs: Argv<T>): Argv<T & ManagerArgs> {
  return yargs
    .option('cache-dir', {
      type: 'string',
      default: defaultCacheDir(),
      defaultDescription: '$XDG_CACHE_HOME/registry-miners/crates-index',
      describe: 'Where the bare clones of the index (current/, snapshot-YYYY-MM-DD/) are kept',
    })
    .option('index-url', { type: 'string', default: DEFAULT_INDEX_URL, describe: 'Git URL of the current crates.io index (a mirror works)' })
    .option('archive-url', {
      type: 'string',
      default: DEFAULT_ARCHIVE_URL,
      describe: 'Git URL of the index archive, whose snapshot-YYYY-MM-DD branches hold the squashed history',
    })
    .option('max-snapshots', {
      type: 'number',
      default: 4,
      describe: 'Snapshots kept in the cache; the least recently used beyond this are deleted (the current index does not count)',
    })
    .option('update-interval', {
      type: 'string',
      default: '30m',
      describe: 'Fetch the current index again when its last update is older than this (90s, 30m, 1h)',
    })
    .group(['cache-dir', 'index-url', 'archive-url', 'max-snapshots', 'update-interval'], 'Index cache:') as Argv<T & ManagerArgs>;
}

/** Opens the managed cache, showing clone and fetch progress on stderr (`overrides` replace any option, e.g. a service's own progress). */
export async function openIndexManager(args: ManagerArgs, overrides: Partial<IndexManagerOptions> = {}): Promise<IndexManager> {
  const progress = new ProgressLine(process.stderr);
  return IndexManager.open({
    cacheDir: resolve(args['cache-dir']),
    currentUrl: args['index-url'],
    archiveUrl: args['archive-url'],
    maxSnapshots: args['max-snapshots'],
    updateIntervalMs: parseDuration(args['update-interval'], '--update-interval'),
    onProgress: (event) => progress.update(`${event.operation} ${event.name}: ${event.phase} ${event.percent}% (${event.done}/${event.total})`),
    ...overrides,
  });
}
