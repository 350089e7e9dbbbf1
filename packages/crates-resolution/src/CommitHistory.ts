/**
 * A first-parent history as the search reads it, newest → oldest, index 0 the start commit:
 * {@link RegistryHistory} (one search's own walk) or {@link ChainHistory} (a view on a cached chain).
 */
export interface CommitHistory {
  readonly path: string;
  /** Commits loaded so far. */
  readonly length: number;
  /** True once the root commit is loaded. */
  readonly complete: boolean;
  /** Loads commits until `index` exists; resolves false when the history is shorter. */
  ensure(index: number): Promise<boolean>;
  /** Loads every commit down to the root; resolves the last index. */
  loadAll(): Promise<number>;
  /** Says the search will not read commits above `index` again (their memory may be freed). */
  releaseBefore(index: number): void;
  /** Committer time of commit `index`, in seconds since the epoch. */
  time(index: number): number;
  /** Commit id (40 hex digits) of commit `index`. */
  id(index: number): string;
  /** Root tree id of commit `index`. */
  treeId(index: number): string;
}
