import { Worker } from 'node:worker_threads';
import { repositoryName } from '@registry-miners/crates-index-manager';
import type { IndexManager, RepositoryHandle } from '@registry-miners/crates-index-manager';
import type { ResolutionCacheStats } from '@registry-miners/crates-resolution';
import type { Repository } from 'nodegit';
import type { ResolutionJson } from '../formatResolution.js';
import { searchOrder } from '../resolveWithManager.js';
import { boundGitMemory } from './boundGitMemory.js';
import type { FromWorker, ToWorker } from './poolMessages.js';
import { classifyFailure, ServiceError } from './ServiceFailure.js';
import type { ServiceFailure } from './ServiceFailure.js';

export interface ResolutionPoolOptions {
  manager: IndexManager;
  /** Worker threads (each runs searches concurrently); one per core is the useful most. */
  workers: number;
  /** Bytes of the search cache each worker keeps. */
  cacheBytesPerWorker: number;
}

/** A resolution's outcome: the answer, or the failure as a client should see it. */
export type PoolOutcome = { ok: true; resolution: ResolutionJson; repositoryName: string | undefined } | { ok: false; failure: ServiceFailure; error: unknown };

interface Job {
  id: number;
  worker: PoolWorker;
  keys: ReturnType<typeof searchOrder>;
  published: Date;
  handles: RepositoryHandle[];
  acquireError: unknown;
  signal: AbortSignal | undefined;
  settle: (outcome: PoolOutcome) => void;
}

interface PoolWorker {
  thread: Worker;
  active: number;
  stats: ResolutionCacheStats | undefined;
}

/** Builds run the compiled worker; source runs (tsx) register tsx in the thread first (workers do not inherit `--import`). */
function startWorker(workerData: { cacheBytes: number }): Worker {
  // A heap limit near what the worker needs makes V8 collect early, which also frees the native
  // memory nodegit's objects hold (invisible to V8's own accounting). Room: the cache twice, plus a search's own.
  const resourceLimits = { maxOldGenerationSizeMb: Math.ceil((2 * workerData.cacheBytes) / (1024 * 1024)) + 96, maxYoungGenerationSizeMb: 16 };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./resolutionWorker.js', import.meta.url), { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./resolutionWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

/**
 * Runs searches on worker threads, one per core, so a service or a batch uses every core while the
 * main thread keeps the index cache (clones, fetches, the lock) and the network side. The main thread
 * acquires each repository a search asks for and holds it until the search ends (no snapshot is
 * evicted under a reader); each worker keeps its own bounded ResolutionCache between searches.
 */
export class ResolutionPool {
  readonly #manager: IndexManager;
  readonly #workers: PoolWorker[] = [];
  readonly #jobs = new Map<number, Job>();
  readonly #generations = new WeakMap<Repository, number>();
  readonly #cacheBytes: number;
  #nextJob = 1;
  #nextGeneration = 1;
  #closed = false;

  constructor(options: ResolutionPoolOptions) {
    boundGitMemory();
    this.#manager = options.manager;
    this.#cacheBytes = options.cacheBytesPerWorker;
    for (let i = 0; i < options.workers; i++) this.#workers.push(this.#spawn());
  }

  /** Searches in flight. */
  get active(): number {
    return this.#jobs.size;
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

  /** Resolves `lockfile` (its text; `fileName` names it in errors) as of `published` across `available` snapshots. Never rejects. */
  resolve(lockfile: string, fileName: string, published: Date, available: readonly string[], signal?: AbortSignal): Promise<PoolOutcome> {
    if (this.#closed) return Promise.resolve(this.#failed(new ServiceError(503, 'ERR_SHUTTING_DOWN', 'the server is shutting down')));
    const worker = this.#workers.reduce((a, b) => (b.active < a.active ? b : a));
    return new Promise<PoolOutcome>((settle) => {
      const job: Job = { id: this.#nextJob++, worker, keys: searchOrder(available, published), published, handles: [], acquireError: undefined, signal, settle };
      this.#jobs.set(job.id, job);
      worker.active += 1;
      const onAbort = (): void => this.#post(worker, { type: 'abort', job: job.id });
      signal?.addEventListener('abort', onAbort, { once: true });
      job.settle = (outcome) => {
        signal?.removeEventListener('abort', onAbort);
        settle(outcome);
      };
      this.#post(worker, { type: 'resolve', job: job.id, lockfile, fileName, published: published.getTime() });
    });
  }

  /** Stops the workers; searches in flight fail with 503. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of [...this.#jobs.values()]) this.#finish(job, this.#failed(new ServiceError(503, 'ERR_SHUTTING_DOWN', 'the server is shutting down')));
    await Promise.all(this.#workers.map(({ thread }) => thread.terminate()));
  }

  #spawn(): PoolWorker {
    const thread = startWorker({ cacheBytes: this.#cacheBytes });
    const worker: PoolWorker = { thread, active: 0, stats: undefined };
    thread.unref();
    thread.on('message', (message: FromWorker) => void this.#receive(worker, message));
    thread.on('error', (error) => this.#lost(worker, error));
    thread.on('exit', (code) => this.#lost(worker, new Error(`resolution worker exited with code ${code}`)));
    return worker;
  }

  /** A worker that died fails its searches (500) and is replaced. */
  #lost(worker: PoolWorker, error: unknown): void {
    const index = this.#workers.indexOf(worker);
    if (index < 0) return;
    for (const job of [...this.#jobs.values()]) if (job.worker === worker) this.#finish(job, { ok: false, failure: classifyFailure(error), error });
    if (this.#closed) return;
    this.#workers[index] = this.#spawn();
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
    const error = message.failure === undefined ? job.acquireError : undefined;
    this.#finish(job, message.failure === undefined ? this.#failed(error) : { ok: false, failure: message.failure, error: message.failure });
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
        answer = { type: 'repository', job: job.id, index, repository: { path: handle!.path, head: handle!.head, generation: this.#generation(handle!.repository) }, failed: false };
      } catch (error) {
        job.acquireError = error;
        answer = { type: 'repository', job: job.id, index, repository: undefined, failed: true };
      }
    }
    this.#post(job.worker, answer);
  }

  #generation(repository: Repository): number {
    let generation = this.#generations.get(repository);
    if (generation === undefined) {
      generation = this.#nextGeneration++;
      this.#generations.set(repository, generation);
    }
    return generation;
  }

  #finish(job: Job, outcome: PoolOutcome): void {
    if (!this.#jobs.delete(job.id)) return;
    job.worker.active -= 1;
    for (const handle of job.handles) handle.close();
    job.settle(outcome);
  }

  #failed(error: unknown): PoolOutcome {
    return { ok: false, failure: classifyFailure(error), error };
  }

  #post(worker: PoolWorker, message: ToWorker): void {
    worker.thread.postMessage(message);
  }
}
