/** One request's stake in a {@link SharedOperation}. */
export interface Ticket<T> {
  readonly promise: Promise<T>;
  /**
   * Stops waiting. `abandon: true` (the requester was cancelled) lets the operation be aborted once
   * nobody waits for it; `abandon: false` (the requester failed for another reason) keeps it running
   * to completion so that a retry finds its result. Calling it again, or after the operation
   * settled, does nothing.
   */
  leave(abandon: boolean): void;
}

/**
 * A long operation (a clone, a fetch) that several requests wait for. It runs while someone waits
 * for it, and is aborted (its `AbortSignal` fires) when every waiter abandoned it.
 */
export class SharedOperation<T> {
  readonly promise: Promise<T>;
  readonly #controller = new AbortController();
  #waiters = 0;
  #keepAlive = false;
  #settled = false;

  constructor(run: (signal: AbortSignal) => Promise<T>) {
    this.promise = Promise.resolve()
      .then(() => run(this.#controller.signal))
      .finally(() => {
        this.#settled = true;
      });
    // Waiters see the rejection through their tickets; nobody else has to.
    this.promise.catch(() => {});
  }

  /** True once the operation was told to stop (every waiter abandoned it, or {@link abort}). */
  get abandoned(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Aborts the operation regardless of waiters (manager closing). */
  abort(reason: unknown): void {
    this.#controller.abort(reason);
  }

  join(): Ticket<T> {
    this.#waiters++;
    let left = false;
    return {
      promise: this.promise,
      leave: (abandon) => {
        if (left) return;
        left = true;
        this.#waiters--;
        if (!abandon) this.#keepAlive = true;
        if (this.#waiters === 0 && !this.#keepAlive && !this.#settled) {
          this.#controller.abort(new Error('Every request waiting for this operation was cancelled'));
        }
      },
    };
  }
}
