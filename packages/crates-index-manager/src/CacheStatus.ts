import type { RepositoryKey } from './RepositoryKey.js';

/** One repository of the cache, as {@link IndexManager.status} reports it. */
export interface CacheStatus {
  key: RepositoryKey;
  /** `current` or `snapshot-YYYY-MM-DD`. */
  name: string;
  path: string;
  state: 'cloning' | 'ready' | 'updating';
  /** Bytes on disk (0 while cloning: the clone is in a temporary directory). */
  bytes: number;
  /** Start of the last successful clone or fetch. */
  lastUpdate?: Date;
  /** Last acquisition or handle release (LRU order). */
  lastUsed: Date;
  /** Branch tip new handles get. */
  head?: string;
  headTime?: Date;
  openHandles: number;
  /** Requests in progress that include this repository. */
  pendingRequests: number;
}
