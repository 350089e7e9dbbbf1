/**
 * A resolution worker thread: parses a lockfile and runs the search on repositories the main thread
 * holds open for it, with a cache of its own that outlives the jobs (see ResolutionPool).
 *
 * 1. `resolve` arrives: parse the lockfile, start `findRegistryResolution` with a lazy source.
 * 2. The source asks the main thread for repository #i (`acquire`); the answer names the path and
 *    the pinned head, or says there is none, or that acquiring failed (the main thread keeps that error).
 * 3. `done` or `failed` goes back; the main thread then releases the repositories.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cratesIoPackages, parseCargoLock } from '@registry-miners/cargolock-parser';
import { findRegistryResolution, LazyRepository, ResolutionCache } from '@registry-miners/crates-resolution';
import type { RepositoryAtHead } from '@registry-miners/crates-resolution';
import type { FromWorker, PinnedRepository, ToWorker, WorkerData } from './poolMessages.js';
import { classifyResolutionFailure } from './ResolutionFailure.js';
import { resolutionJson } from './resolutionJson.js';

/** Thrown into the search when the main thread could not acquire a repository (it reports its own error). */
class AcquireFailed extends Error {}

// nodegit calls the deprecated Buffer(): a warning users cannot act on, printed once per thread.
process.noDeprecation = true;
const port = parentPort!;
const { cacheBytes, searchCacheDirectory } = workerData as WorkerData;
const cache = new ResolutionCache({ maxBytes: cacheBytes, directory: searchCacheDirectory });
/** One handle per repository path (it opens the repository on the first read the cache cannot answer), new when the manager's generation changes. */
const handles = new Map<string, { generation: number; handle: LazyRepository }>();
const jobs = new Map<number, { abort: AbortController; pending: Map<number, (answer: ToWorker & { type: 'repository' }) => void> }>();

function post(message: FromWorker): void {
  port.postMessage(message);
}

function handleOf(pinned: PinnedRepository): LazyRepository {
  const known = handles.get(pinned.path);
  if (known !== undefined && known.generation === pinned.generation) return known.handle;
  const handle = LazyRepository.at(pinned.path);
  handles.set(pinned.path, { generation: pinned.generation, handle });
  return handle;
}

async function resolve(message: ToWorker & { type: 'resolve' }): Promise<void> {
  const job = { abort: new AbortController(), pending: new Map() };
  jobs.set(message.job, job);
  const source = (index: number): Promise<RepositoryAtHead | undefined> =>
    new Promise<ToWorker & { type: 'repository' }>((answer) => {
      job.pending.set(index, answer);
      post({ type: 'acquire', job: message.job, index });
    }).then((answer) => {
      if (answer.failed) throw new AcquireFailed();
      if (answer.repository === undefined) return undefined;
      return { repository: handleOf(answer.repository), head: answer.repository.head };
    });
  try {
    const packages = cratesIoPackages(parseCargoLock(message.lockfile, { fileName: message.fileName }));
    const resolution = await findRegistryResolution(source, packages, new Date(message.published), { cache, signal: job.abort.signal });
    post({ type: 'done', job: message.job, resolution: resolutionJson(resolution), repositoryIndex: resolution.repositoryIndex, stats: cache.stats });
  } catch (error) {
    const acquireFailed = error instanceof AcquireFailed || (error as { cause?: unknown }).cause instanceof AcquireFailed;
    const failure = acquireFailed ? undefined : classifyResolutionFailure(error);
    const detail = failure?.kind === 'internal' ? ((error as Error)?.stack ?? String(error)) : undefined;
    post({ type: 'failed', job: message.job, failure, detail, stats: cache.stats });
  } finally {
    jobs.delete(message.job);
    saveSearchCache();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'resolve') void resolve(message);
  else if (message.type === 'repository') jobs.get(message.job)?.pending.get(message.index)?.(message);
  else jobs.get(message.job)?.abort.abort();
});

/** What the search read from git goes to disk for the next process; a failure only costs that speed-up. */
function saveSearchCache(): void {
  try {
    cache.save();
  } catch {
    // The directory may be full or read-only: what was read stays in memory.
  }
}
