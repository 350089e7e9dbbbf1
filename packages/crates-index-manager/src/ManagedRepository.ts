import { IndexManagerError } from './IndexManagerError.js';
import { openRepository, type OpenedRepository } from './openRepository.js';
import type { RepositoryKey } from './RepositoryKey.js';
import type { SharedOperation } from './SharedOperation.js';

/**
 * The manager's record of one repository: its own little state machine, so that work on one
 * repository never waits for another.
 *
 * ```
 *  (absent) ──request──▶ cloning ──clone ok──▶ ready ──fetch (current, stale)──▶ ready (new head)
 *      ▲                    │                    │
 *      └──clone failed──────┘                    └──evicted (snapshot, idle, LRU)──▶ (absent)
 * ```
 */
export class ManagedRepository {
  readonly key: RepositoryKey;
  /** `current` or `snapshot-YYYY-MM-DD`: directory name in the cache and branch name (snapshots). */
  readonly name: string;
  readonly path: string;
  /** The remote branch: `master` or `snapshot-YYYY-MM-DD`. */
  readonly branch: string;
  readonly url: string;

  state: 'cloning' | 'ready' | 'evicted' = 'cloning';
  /** The nodegit repository and branch tip new handles get (replaced after each refresh). */
  opened: OpenedRepository | undefined;
  /** Start of the last successful clone or fetch; undefined when unknown (refreshed on first use). */
  lastUpdate: Date | undefined;
  /** For LRU eviction (ms since epoch). */
  lastUsed = 0;
  /** Handles given out and not closed yet. */
  openHandles = 0;
  /** Requests in progress that include this repository. */
  pins = 0;
  clone: SharedOperation<void> | undefined;
  update: SharedOperation<void> | undefined;

  constructor(key: RepositoryKey, name: string, path: string, url: string) {
    this.key = key;
    this.name = name;
    this.path = path;
    this.branch = key.kind === 'current' ? 'master' : name;
    this.url = url;
  }

  /**
   * Opens the repository for new handles after a clone or fetch changed it (`ERR_INDEX_READ` when
   * nodegit cannot). Handles given out earlier keep the repository they got.
   */
  async reopen(after: 'cloning' | 'updating'): Promise<void> {
    try {
      this.opened = await openRepository(this.path, this.branch);
    } catch (error) {
      const message = `Cannot open ${this.path} after ${after} it: ${(error as Error).message}`;
      throw new IndexManagerError('ERR_INDEX_READ', message, { cause: error, details: { repository: this.name, path: this.path } });
    }
  }

  /** A snapshot nobody holds, waits for, or works on. */
  get evictable(): boolean {
    return this.key.kind === 'snapshot' && this.state === 'ready' && this.openHandles === 0 && this.pins === 0 && !this.update;
  }
}
