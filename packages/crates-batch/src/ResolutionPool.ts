/**
 * Runs searches on worker threads, one per core, so a service or a batch uses every core while the
 * main thread keeps the index cache (clones, fetches, the lock) and the network side.
 *
 * 1. `resolve()` queues the job (first in, first out).
 * 2. A worker with a free slot takes it: at most `searchesPerWorker` searches run on a worker at
 *    once (one computing while another waits for a read); more would only interleave, making every
 *    answer as slow as the slowest and holding every search's memory at once.
 * 3. The worker asks for each repository the search needs; the main thread acquires it from the
 *    manager and holds it until the search ends (no snapshot is evicted under a reader).
 * 4. Each worker keeps its own bounded ResolutionCache between searches.
 * 5. A lockfile larger than `largeLockfileBytes` runs alone on a worker started for it, its heap
 *    sized to the lockfile, and stopped after it: the shared workers' heaps stay small, a huge
 *    lockfile neither runs them out of memory nor takes down the search beside it, and only one such
 *    heap exists at a time.
 */
import { Worker } from 'node:worker_threads';
import { repositoryName } from '@registry-miners/crates-index-manager';
import type { IndexManager, RepositoryHandle } from '@registry-miners/crates-index-manager';
import { ResolutionError } from '@registry-miners/crates-resolution';
import type { ResolutionCacheStats } from '@registry-miners/crates-resolution';
import { expectedTypeError } from '@registry-miners/utils';
import { boundGitMemory } from './boundGitMemory.js';
import type { FromWorker, ToWorker, WorkerData } from './poolMessages.js';
import { classifyResolutionFailure } from './ResolutionFailure.js';
import type { ResolutionFailure } from './ResolutionFailure.js';
import type { ResolutionJson } from './resolutionJson.js';
import { ResolutionPoolError } from './ResolutionPoolError.js';
import { searchOrder } from './resolveWithManager.js';

export interface ResolutionPoolOptions {
  /** Where the repositories come from (the main thread acquires them for the workers). */
  manager: IndexManager;
  /**
   * Worker threads; on a machine shared with nothing else, one per core is the useful most.
   * @default 1
   * @example os.availableParallelism()
   */
  workers?: number;
  /**
   * Searches a worker runs at once; the others wait in the pool's queue.
   * @default 2
   */
  searchesPerWorker?: number;
  /**
   * Bytes of the search cache (trees, version lists) of all workers together.
   * @default 64 MiB
   */
  cacheBytes?: number;
  /**
   * Where the workers keep the commit histories, trees and version lists they read, for the next process (see
   * ResolutionCache `directory`); safe to share between processes.
   * @default undefined (in memory only)
   * @example join(cacheDir, 'search-cache')
   */
  searchCacheDirectory?: string | undefined;
  /**
   * Lockfiles larger than this (UTF-8 bytes) run one at a time on a worker of their own (see 5. above).
   * @default 512 KiB (about 2,500 packages; the largest real case of the tests has 403)
   */
  largeLockfileBytes?: number;
}

/** A resolution's outcome: the answer, or the failure classified (`error` is the original, on this thread, when there is one). */
export type PoolOutcome =
  | { ok: true; resolution: ResolutionJson; repositoryName: string | undefined }
  | { ok: false; failure: ResolutionFailure; error: unknown };

interface Job {
  id: number;
  worker: PoolWorker | undefined;
  message: ToWorker & { type: 'resolve' };
  /** The queue it waits in: large lockfiles have their own (see 5. above). */
  queue: Job[];
  keys: ReturnType<typeof searchOrder>;
  published: Date;
  handles: RepositoryHandle[];
  acquireError: unknown;
  signal: AbortSignal | undefined;
  settle: (outcome: PoolOutcome) => void;
}

interface PoolWorker {
  thread: Worker;
  heapMb: number;
  active: number;
  stats: ResolutionCacheStats | undefined;
}

const MIB = 1024 * 1024;
/** Heap a search needs per character of its lockfile, measured: 20,000 packages (3.9 MB) need about 100 MB. */
const HEAP_PER_LOCKFILE_CHAR = 32;

/**
 * A heap limit near what the worker needs makes V8 collect early, which also frees the native
 * memory nodegit's objects hold (invisible to V8's own accounting). Room: the cache and a half, and
 * 40 MiB for the searches of lockfiles below the large size, or for the one large lockfile.
 */
function heapLimitMb(cacheBytes: number, largeLockfileChars = 0): number {
  return Math.ceil((1.5 * cacheBytes + HEAP_PER_LOCKFILE_CHAR * largeLockfileChars) / MIB) + 40;
}

/** Builds run the compiled worker; source runs (tsx) register tsx in the thread first (workers do not inherit `--import`). */
function startWorker(workerData: WorkerData, heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 4 };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./resolutionWorker.js', import.meta.url), { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./resolutionWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

export class ResolutionPool {
  readonly #manager: IndexManager;
  readonly #workers: PoolWorker[] = [];
  readonly #jobs = new Map<number, Job>();
  /** Jobs waiting for a free slot, oldest first. */
  readonly #queue: Job[] = [];
  /** Large lockfiles waiting for the large worker, oldest first. */
  readonly #largeQueue: Job[] = [];
  /** The worker of the large lockfile running now, if one is. */
  #large: PoolWorker | undefined;
  readonly #largeLockfileBytes: number;
  readonly #cacheBytes: number;
  readonly #searchCacheDirectory: string | undefined;
  readonly #slots: number;
  #nextJob = 1;
  #closed = false;

  constructor(options: ResolutionPoolOptions) {
    const { manager, workers = 1, searchesPerWorker = 2, cacheBytes = 64 * MIB, searchCacheDirectory, largeLockfileBytes = 512 * 1024 } = options;
    if (!Number.isSafeInteger(workers) || workers < 1 || workers > 256) throw expectedTypeError('workers', 'an integer from 1 to 256', workers);
    if (!Number.isSafeInteger(searchesPerWorker) || searchesPerWorker < 1 || searchesPerWorker > 64) {
      throw expectedTypeError('searchesPerWorker', 'an integer from 1 to 64', searchesPerWorker);
    }
    if (!Number.isSafeInteger(cacheBytes) || cacheBytes < 0) throw expectedTypeError('cacheBytes', 'an integer ≥ 0', cacheBytes);
    if (!Number.isSafeInteger(largeLockfileBytes) || largeLockfileBytes < 0) throw expectedTypeError('largeLockfileBytes', 'an integer ≥ 0', largeLockfileBytes);
    boundGitMemory();
    this.#manager = manager;
    this.#cacheBytes = Math.floor(cacheBytes / workers);
    this.#searchCacheDirectory = searchCacheDirectory;
    this.#slots = searchesPerWorker;
    this.#largeLockfileBytes = largeLockfileBytes;
    for (let i = 0; i < workers; i++) this.#workers.push(this.#spawn(heapLimitMb(this.#cacheBytes)));
  }

  /** Searches running or waiting. */
  get active(): number {
    return this.#jobs.size;
  }

  /** Searches waiting for a free slot. */
  get queued(): number {
    return this.#queue.length + this.#largeQueue.length;
  }

  /** The workers' caches, summed (as of their last finished search). */
  cacheStats(): ResolutionCacheStats {
    const total: ResolutionCacheStats = { bytes: 0, entries: 0, histories: 0, historyBytes: 0, hits: 0, misses: 0 };
    for (const { stats } of this.#workers) {
      if (stats === undefined) continue;
      for (const key of Object.keys(total) as (keyof ResolutionCacheStats)[]) total[key] += stats[key];
    }
    return total;
  }

  /**
   * Resolves `lockfile` (its text; `fileName` names it in errors) as of `published` across the
   * archive's `available` snapshots (and the current index). Never rejects: a failure is classified.
   */
  resolve(lockfile: string, fileName: string, published: Date, available: readonly string[], signal?: AbortSignal): Promise<PoolOutcome> {
    if (this.#closed) return Promise.resolve(this.#failed(shuttingDown()));
    return new Promise<PoolOutcome>((settle) => {
      const id = this.#nextJob++;
      const message = { type: 'resolve', job: id, lockfile, fileName, published: published.getTime() } as const;
      const queue = Buffer.byteLength(lockfile) > this.#largeLockfileBytes ? this.#largeQueue : this.#queue;
      const job: Job = { id, worker: undefined, message, queue, keys: searchOrder(available, published), published, handles: [], acquireError: undefined, signal, settle };
      this.#jobs.set(job.id, job);
      const onAbort = (): void => {
        if (job.worker !== undefined) return this.#post(job.worker, { type: 'abort', job: job.id });
        // Still queued: it never started, so it ends here.
        // (Aborted before it was queued, it is in no queue: splice(-1) would drop another caller's job.)
        const index = queue.indexOf(job);
        if (index >= 0) queue.splice(index, 1);
        this.#finish(job, this.#failed(new ResolutionError('ERR_ABORTED', 'the registry search was aborted', { cause: signal?.reason })));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      job.settle = (outcome) => {
        signal?.removeEventListener('abort', onAbort);
        settle(outcome);
      };
      if (signal?.aborted) return onAbort();
      queue.push(job);
      this.#dispatch();
    });
  }

  /** Stops the workers; searches running or queued fail (`unavailable`). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    this.#largeQueue.length = 0;
    const large = this.#large;
    for (const job of [...this.#jobs.values()]) this.#finish(job, this.#failed(shuttingDown()));
    await Promise.all([...this.#workers, ...(large ? [large] : [])].map(({ thread }) => thread.terminate()));
  }

  /** Hands queued jobs to the least busy workers with a free slot, and the oldest large lockfile to a worker of its own. */
  #dispatch(): void {
    while (this.#queue.length > 0) {
      const worker = this.#workers.reduce((a, b) => (b.active < a.active ? b : a));
      if (worker.active >= this.#slots) break;
      this.#start(this.#queue.shift()!, worker);
    }
    if (this.#large === undefined && this.#largeQueue.length > 0) {
      const job = this.#largeQueue.shift()!;
      this.#large = this.#spawn(heapLimitMb(this.#cacheBytes, job.message.lockfile.length));
      this.#start(job, this.#large);
    }
  }

  #start(job: Job, worker: PoolWorker): void {
    job.worker = worker;
    worker.active += 1;
    this.#post(worker, job.message);
  }

  #spawn(heapMb: number): PoolWorker {
    const thread = startWorker({ cacheBytes: this.#cacheBytes, searchCacheDirectory: this.#searchCacheDirectory }, heapMb);
    const worker: PoolWorker = { thread, heapMb, active: 0, stats: undefined };
    thread.unref();
    thread.on('message', (message: FromWorker) => void this.#receive(worker, message));
    thread.on('error', (error) => this.#lost(worker, error));
    thread.on('exit', (code) => this.#lost(worker, new Error(`resolution worker exited with code ${code}`)));
    return worker;
  }

  /** A worker that died fails its searches (`internal`); a shared one is replaced. */
  #lost(worker: PoolWorker, error: unknown): void {
    const outOfMemory = (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    const why = outOfMemory ? `ran out of its ${worker.heapMb} MB heap` : `stopped: ${(error as Error).message}`;
    const lost = new ResolutionPoolError('ERR_WORKER_LOST', `a resolution worker ${why}`, { cause: error });
    // Replaced first: finishing a job hands out queued ones, which must not go to the dead thread.
    const index = this.#workers.indexOf(worker);
    if (index >= 0 && !this.#closed) this.#workers[index] = this.#spawn(worker.heapMb);
    for (const job of [...this.#jobs.values()]) if (job.worker === worker) this.#finish(job, this.#failed(lost));
  }

  async #receive(worker: PoolWorker, message: FromWorker): Promise<void> {
    const job = this.#jobs.get(message.job);
    if (job === undefined) return;
    if (message.type === 'acquire') return this.#acquire(job, message.index);
    worker.stats = message.stats;
    if (message.type === 'done') {
      const key = job.keys[message.repositoryIndex];
      return this.#finish(job, { ok: true, resolution: message.resolution, repositoryName: key && repositoryName(key) });
    }
    if (message.failure === undefined) return this.#finish(job, this.#failed(job.acquireError));
    // An unexpected error stays in the worker; its stack comes along for the log.
    const error = message.failure.kind === 'internal' ? new Error(`in a resolution worker: ${message.detail}`) : message.failure;
    this.#finish(job, { ok: false, failure: message.failure, error });
  }

  async #acquire(job: Job, index: number): Promise<void> {
    const key = job.keys[index];
    let answer: ToWorker;
    if (key === undefined) {
      answer = { type: 'repository', job: job.id, index, repository: undefined, failed: false };
    } else {
      try {
        const [handle] = await this.#manager.getRepositories([key], {
          ...(key.kind === 'current' ? { contains: job.published } : {}),
          ...(job.signal ? { signal: job.signal } : {}),
        });
        if (!this.#jobs.has(job.id)) return handle!.close(); // the job ended meanwhile
        job.handles.push(handle!);
        answer = { type: 'repository', job: job.id, index, repository: { path: handle!.path, head: handle!.head, generation: handle!.version }, failed: false };
      } catch (error) {
        job.acquireError = error;
        answer = { type: 'repository', job: job.id, index, repository: undefined, failed: true };
      }
    }
    if (job.worker !== undefined) this.#post(job.worker, answer);
  }

  #finish(job: Job, outcome: PoolOutcome): void {
    if (!this.#jobs.delete(job.id)) return;
    if (job.worker !== undefined) job.worker.active -= 1;
    if (job.worker !== undefined && job.worker === this.#large) {
      // Its heap was sized for this lockfile alone: the next large one gets a worker of its own.
      this.#large = undefined;
      void job.worker.thread.terminate();
    }
    for (const handle of job.handles) handle.close();
    job.settle(outcome);
    if (!this.#closed) this.#dispatch();
  }

  #failed(error: unknown): PoolOutcome {
    return { ok: false, failure: classifyResolutionFailure(error), error };
  }

  #post(worker: PoolWorker, message: ToWorker): void {
    worker.thread.postMessage(message);
  }
}

function shuttingDown(): ResolutionPoolError {
  return new ResolutionPoolError('ERR_SHUTTING_DOWN', 'the resolution pool is shutting down', { hint: 'try again: another instance or a restarted one will answer' });
}
