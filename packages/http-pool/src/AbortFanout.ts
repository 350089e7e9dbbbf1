/** One waiter of {@link AbortFanout}: a node of its signal's doubly linked list. */
interface Watcher {
  onAbort: (() => void) | undefined;
  prev: Watcher | undefined;
  next: Watcher | undefined;
  entry: Entry;
}

interface Entry {
  head: Watcher | undefined;
  listener: () => void;
}

/**
 * Many waiters on few AbortSignals (typically one signal shared by every request of a job): one 'abort'
 * listener per signal, whatever the number of waiters. Node's EventTarget walks a signal's listeners on
 * every add, so a listener per request costs time in proportion to the requests in flight. Waiters are
 * nodes of a linked list (adding and removing one is a few field writes, no hashing), and a signal with
 * no waiters left is let go of.
 */
export class AbortFanout {
  readonly #entries = new Map<AbortSignal, Entry>();

  /** Calls `onAbort` once when `signal` aborts, unless the returned function was called first. */
  watch(signal: AbortSignal, onAbort: () => void): () => void {
    let entry = this.#entries.get(signal);
    if (entry === undefined) {
      const created: Entry = {
        head: undefined,
        listener: () => {
          this.#entries.delete(signal);
          for (let watcher = created.head; watcher !== undefined; watcher = watcher.next) {
            const callback = watcher.onAbort;
            watcher.onAbort = undefined;
            callback?.();
          }
        },
      };
      entry = created;
      this.#entries.set(signal, entry);
      signal.addEventListener('abort', entry.listener, { once: true });
    }
    const watcher: Watcher = { onAbort, prev: undefined, next: entry.head, entry };
    if (entry.head !== undefined) entry.head.prev = watcher;
    entry.head = watcher;
    return () => this.#unwatch(signal, watcher);
  }

  #unwatch(signal: AbortSignal, watcher: Watcher): void {
    if (watcher.onAbort === undefined) return;
    watcher.onAbort = undefined;
    const { entry, prev, next } = watcher;
    if (prev !== undefined) prev.next = next;
    else entry.head = next;
    if (next !== undefined) next.prev = prev;
    // An unlinked watcher may outlive its request (a caller keeps the function that removed it): its own
    // links must not keep the watchers next to it alive, which chained every watcher of a long job (about
    // 60 bytes a request: 200 MB at 3 million requests, and the GC time to go with it).
    watcher.prev = undefined;
    watcher.next = undefined;
    // Nobody waits on this signal any more: forget it, so that per-request signals do not accumulate.
    if (entry.head === undefined && this.#entries.get(signal) === entry) {
      this.#entries.delete(signal);
      signal.removeEventListener('abort', entry.listener);
    }
  }
}
