/** The messages between the ResolutionPool (main thread) and its resolution workers. */
import type { ResolutionCacheStats } from '@registry-miners/crates-resolution';
import type { ResolutionFailure } from './ResolutionFailure.js';
import type { ResolutionJson } from './resolutionJson.js';

/** A repository the main thread holds open for a job: the worker reads it at `head`. */
export interface PinnedRepository {
  path: string;
  head: string;
  /** Changes whenever the manager re-opened the repository (clone, fetch): the worker re-opens it too. */
  generation: number;
}

export type ToWorker =
  | { type: 'resolve'; job: number; lockfile: string; fileName: string; published: number }
  | { type: 'repository'; job: number; index: number; repository: PinnedRepository | undefined; failed: boolean }
  | { type: 'abort'; job: number };

export type FromWorker =
  | { type: 'acquire'; job: number; index: number }
  | { type: 'done'; job: number; resolution: ResolutionJson; repositoryIndex: number; stats: ResolutionCacheStats }
  /** `failure` undefined: acquiring a repository failed (the main thread has the error); `detail`: an internal failure's stack. */
  | { type: 'failed'; job: number; failure: ResolutionFailure | undefined; detail?: string; stats: ResolutionCacheStats };

/** What a worker starts with. */
export interface WorkerData {
  /** Bytes of its ResolutionCache. */
  cacheBytes: number;
  /** Where its ResolutionCache keeps what searches read, between processes. */
  searchCacheDirectory: string | undefined;
}
