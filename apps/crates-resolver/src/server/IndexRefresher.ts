import type { Logger } from 'pino';
import type { IndexManager } from '@registry-miners/crates-index-manager';
import type { SnapshotListCache } from '@registry-miners/crates-batch';

/**
 * Keeps the current index fresh and the snapshot list known in the background, so requests do not
 * wait for a fetch: every `intervalMs / 2` it asks for the current index (the manager fetches it
 * when its last update is older than the interval) and re-lists the snapshots (cached for the interval).
 */
export class IndexRefresher {
  readonly #manager: IndexManager;
  readonly #snapshots: SnapshotListCache;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(manager: IndexManager, snapshots: SnapshotListCache, logger: Logger, intervalMs: number) {
    this.#manager = manager;
    this.#snapshots = snapshots;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  /** One refresh now (clones the current index when missing); resolves when it is done, failed or not. */
  refresh(): Promise<void> {
    this.#running ??= this.#refresh().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  start(): void {
    this.#timer = setInterval(() => void this.refresh(), Math.max(1000, this.#intervalMs / 2));
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #refresh(): Promise<void> {
    const started = performance.now();
    try {
      const handle = await this.#manager.getRepository({ kind: 'current' });
      handle.close();
      const snapshots = await this.#snapshots.get();
      this.#logger.debug({ snapshots: snapshots.length, durationMs: Math.round(performance.now() - started) }, 'index refreshed');
    } catch (error) {
      this.#logger.warn({ code: (error as { code?: string }).code, err: error }, 'background refresh of the index failed; the next one retries');
    }
  }
}
