import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_ARCHIVE_URL, DEFAULT_CURRENT_URL } from '@registry-miners/crates-index-manager/defaultUrls';
import type { IndexManager, IndexManagerOptions } from '@registry-miners/crates-index-manager';
import { CliError } from './CliError.js';
import { integerFlags } from './parseIntegerFlag.js';
import { parseDuration } from './parseDuration.js';
import { Reporter } from './Reporter.js';
import type { OutputArgs } from './Reporter.js';


/** The options every command that uses the managed cache shares. */
export interface ManagerArgs {
  'cache-dir': string;
  'index-url': string;
  'archive-url': string;
  'max-snapshots': number;
  'update-interval': string;
  /** `--update-interval` in milliseconds, checked once when the command line is read. */
  updateIntervalMs: number;
}

/** `$XDG_CACHE_HOME/registry-miners/crates-index`, else `~/.cache/registry-miners/crates-index`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'registry-miners', 'crates-index');
}

export function managerOptions<T>(yargs: Argv<T>): Argv<T & ManagerArgs> {
  return yargs
    .option('cache-dir', {
      type: 'string',
      requiresArg: true,
      default: defaultCacheDir(),
      defaultDescription: '$XDG_CACHE_HOME/registry-miners/crates-index',
      describe: 'Where the bare clones of the index (current/, snapshot-YYYY-MM-DD/) and what searches read from them (search-cache/) are kept',
    })
    .option('index-url', { type: 'string', requiresArg: true, default: DEFAULT_CURRENT_URL, describe: 'Git URL of the current crates.io index (a mirror works)' })
    .option('archive-url', {
      type: 'string',
      requiresArg: true,
      default: DEFAULT_ARCHIVE_URL,
      describe: 'Git URL of the index archive, whose snapshot-YYYY-MM-DD branches hold the squashed history',
    })
    .option('max-snapshots', {
      // Read as typed, then checked by the middleware below: yargs' number parsing loses what was written.
      type: 'string',
      requiresArg: true,
      default: '4',
      describe: 'Snapshots kept in the cache (0–100); the least recently used beyond this are deleted (the current index does not count)',
    })
    .option('update-interval', {
      type: 'string',
      requiresArg: true,
      default: '30m',
      describe: 'Fetch the current index, and list the archive\'s snapshots, again when the last time is older than this (90s, 30m, 1h; at most 30 days)',
    })
    .middleware(integerFlags({ 'max-snapshots': [0, 100] }))
    .middleware((argv: Record<string, unknown>) => {
      argv.updateIntervalMs = parseDuration(String(argv['update-interval']), '--update-interval');
    })
    .group(['cache-dir', 'index-url', 'archive-url', 'max-snapshots', 'update-interval'], 'Index cache:') as unknown as Argv<T & ManagerArgs>;
}

/** Where commands keep what their searches read from git: histories, trees, version lists (see ResolutionCache `directory`). */
export function searchCacheDirectory(args: Pick<ManagerArgs, 'cache-dir'>): string {
  return join(resolve(args['cache-dir']), 'search-cache');
}

/**
 * Opens the managed cache, showing clone and fetch progress and the manager's warnings through
 * `reporter` (`overrides` replace any option, e.g. a service's own progress). The manager (and nodegit with it) is loaded only here, so commands that fail on their
 * input first never pay for it.
 */
export async function openIndexManager(
  args: ManagerArgs & Partial<OutputArgs>,
  overrides: Partial<IndexManagerOptions> = {},
  reporter = new Reporter(args),
): Promise<IndexManager> {
  const { IndexManager, IndexManagerError } = await import('@registry-miners/crates-index-manager');
  try {
    return await IndexManager.open({
      cacheDir: resolve(args['cache-dir']),
      currentUrl: args['index-url'],
      archiveUrl: args['archive-url'],
      maxSnapshots: args['max-snapshots'],
      updateIntervalMs: args.updateIntervalMs,
      onProgress: (event) => reporter.progress(`${event.operation} ${event.name}: ${event.phase} ${event.percent}% (${event.done}/${event.total})`),
      onWarning: (warning) => reporter.warn(warning.message),
      ...overrides,
    });
  } catch (error) {
    if (error instanceof IndexManagerError && error.code === 'ERR_INDEX_CACHE_DIR') {
      throw new CliError('ERR_BAD_INPUT', error.message, { hint: 'give --cache-dir a writable directory (or set XDG_CACHE_HOME): it holds the clones and a lock file', cause: error });
    }
    throw error;
  }
}
