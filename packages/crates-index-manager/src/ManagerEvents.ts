/** How the manager and its fetchers report to the user's listeners. */
import type { GitProgress } from './GitProgress.js';
import type { IndexOperationEvent, IndexProgressEvent } from './IndexManagerOptions.js';
import type { IndexManagerWarning } from './IndexManagerWarning.js';
import type { ManagedRepository } from './ManagedRepository.js';

/** The user's listeners (`onProgress`, `onWarning`, `onOperation`) of an {@link IndexManager}. */
export interface ManagerListeners {
  onProgress: ((event: IndexProgressEvent) => void) | undefined;
  onWarning: ((warning: IndexManagerWarning) => void) | undefined;
  onOperation: ((event: IndexOperationEvent) => void) | undefined;
}

/**
 * What the manager and its fetchers tell the user's listeners. A listener that throws is ignored:
 * a progress display, a log line or a metric must never break a clone or a request.
 */
export class ManagerEvents {
  readonly #listeners: ManagerListeners;

  constructor(listeners: ManagerListeners) {
    this.#listeners = listeners;
  }

  /** The `onProgress` callback a clone or fetch of `entry` reports git's transfer progress to. */
  progress(entry: ManagedRepository, operation: 'clone' | 'fetch'): (progress: GitProgress) => void {
    const listener = this.#listeners.onProgress;
    if (!listener) return () => {};
    return (progress) => ignoreThrow(() => listener({ ...progress, key: entry.key, name: entry.name, operation }));
  }

  warn(warning: IndexManagerWarning): void {
    ignoreThrow(() => this.#listeners.onWarning?.(warning));
  }

  /** Runs a clone or fetch, telling `onOperation` how long it took and whether it succeeded. */
  async timed(entry: ManagedRepository, operation: 'clone' | 'fetch', run: () => Promise<void>): Promise<void> {
    const started = performance.now();
    let ok = false;
    try {
      await run();
      ok = true;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      ignoreThrow(() => this.#listeners.onOperation?.({ key: entry.key, name: entry.name, operation, seconds, ok }));
    }
  }
}

function ignoreThrow(call: () => void): void {
  try {
    call();
  } catch {
    // A listener must not break the work it observes.
  }
}
