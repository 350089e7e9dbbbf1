import { GoRepositoryError } from './GoRepositoryError.js';

interface HostState {
  active: number;
  waiting: Array<() => void>;
}

/**
 * At most `perHost` tasks at once per host, first come first served. Third-party hosts get few,
 * sequential requests whatever the overall concurrency.
 */
export class HostSlots {
  readonly #perHost: number;
  readonly #hosts = new Map<string, HostState>();
  #maxActive = 0;

  constructor(perHost: number) {
    this.#perHost = perHost;
  }

  /** Most tasks ever active at once for a single host. */
  get maxActive(): number {
    return this.#maxActive;
  }

  async acquire(host: string, signal: AbortSignal | undefined): Promise<void> {
    let state = this.#hosts.get(host);
    if (state === undefined) {
      state = { active: 0, waiting: [] };
      this.#hosts.set(host, state);
    }
    if (state.active >= this.#perHost) {
      const current = state;
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = current.waiting.indexOf(wake);
          if (index >= 0) current.waiting.splice(index, 1);
          reject(new GoRepositoryError('ERR_GOGET_ABORTED', `Discovery aborted while waiting for ${host}`, { cause: signal?.reason }));
        };
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        current.waiting.push(wake);
      });
    } else {
      state.active++;
    }
    if (state.active > this.#maxActive) this.#maxActive = state.active;
  }

  release(host: string): void {
    const state = this.#hosts.get(host);
    if (state === undefined) return;
    const next = state.waiting.shift();
    // The slot passes straight to the next waiter: `active` stays the same.
    if (next) next();
    else if (--state.active === 0) this.#hosts.delete(host);
  }
}
