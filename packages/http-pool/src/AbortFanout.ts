/**
 * Many waiters on few AbortSignals (typically one signal shared by every request of a job): one 'abort'
 * listener per signal, whatever the number of waiters. Node's EventTarget walks a signal's listeners on
 * every add, so a listener per request costs time in proportion to the requests in flight.
 */
export class AbortFanout {
  readonly #waiters = new Map<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>();

  /** Calls `onAbort` once when `signal` aborts, unless the returned function was called first. */
  watch(signal: AbortSignal, onAbort: () => void): () => void {
    let entry = this.#waiters.get(signal);
    if (entry === undefined) {
      const callbacks = new Set<() => void>();
      const listener = (): void => {
        this.#waiters.delete(signal);
        for (const callback of callbacks) callback();
      };
      entry = { callbacks, listener };
      this.#waiters.set(signal, entry);
      signal.addEventListener('abort', listener, { once: true });
    }
    const { callbacks, listener } = entry;
    callbacks.add(onAbort);
    return () => {
      if (!callbacks.delete(onAbort) || callbacks.size > 0 || this.#waiters.get(signal) !== entry) return;
      // Nobody waits on this signal any more: forget it, so that per-request signals do not accumulate.
      this.#waiters.delete(signal);
      signal.removeEventListener('abort', listener);
    };
  }
}
