/** An attempt waiting for its turn: started once a slot (and the rate limit) allows, or cancelled. */
export interface GateEntry {
  start(): void;
  cancel(reason: Error): void;
  /** Set when the entry left the queue without starting (lazy removal). */
  cancelled?: boolean;
}

/**
 * Admission of attempts: at most {@link limit} running, and optionally at most `intervalCap` started
 * in any window of `intervalMs` (a sliding window, so starts are spread, not bursted), in FIFO order.
 * The hot path (a slot free, no rate limit) starts the attempt synchronously: no promise, no timer,
 * no event; a waiting attempt is one array slot. It does for the pool what a general task queue
 * would, at a fraction of the cost per request.
 */
export class AttemptGate {
  #limit: number;
  #running = 0;
  #queue: GateEntry[] = [];
  #head = 0;
  readonly #rate: { intervalMs: number; intervalCap: number } | undefined;
  /** Start times of the last `intervalCap` starts, as a ring (rate limit only). */
  readonly #starts: number[] = [];
  #startIndex = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(limit: number, rate?: { intervalMs: number; intervalCap: number }) {
    this.#limit = limit;
    this.#rate = rate;
  }

  /** Attempts allowed at once; raising it starts waiting ones at once. */
  set limit(limit: number) {
    this.#limit = limit;
    this.#drain();
  }

  /** Starts `entry` now if it may, else queues it. */
  enter(entry: GateEntry): void {
    if (this.#head === this.#queue.length && this.#running < this.#limit && this.#rateAllows()) {
      this.#begin(entry);
      return;
    }
    this.#queue.push(entry);
    this.#drain();
  }

  /** A started attempt finished: its slot goes to the next waiting one. */
  leave(): void {
    this.#running--;
    if (this.#head < this.#queue.length) this.#drain();
  }

  /** Cancels every waiting entry with `reason` (the pool is closing). */
  clear(reason: Error): void {
    const waiting = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const entry of waiting) if (!entry.cancelled) entry.cancel(reason);
  }

  #begin(entry: GateEntry): void {
    this.#running++;
    if (this.#rate !== undefined) {
      this.#starts[this.#startIndex] = performance.now();
      this.#startIndex = (this.#startIndex + 1) % this.#rate.intervalCap;
    }
    entry.start();
  }

  #drain(): void {
    while (this.#head < this.#queue.length && this.#running < this.#limit) {
      const entry = this.#queue[this.#head]!;
      if (entry.cancelled) {
        this.#head++;
        continue;
      }
      if (!this.#rateAllows()) {
        this.#wakeForRate();
        break;
      }
      this.#head++;
      this.#begin(entry);
    }
    // Compact once the consumed head dominates, so the array does not grow for ever.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Whether one more start fits in the window: the `intervalCap`-th last start is old enough. */
  #rateAllows(): boolean {
    const rate = this.#rate;
    if (rate === undefined) return true;
    const oldest = this.#starts[this.#startIndex];
    return oldest === undefined || performance.now() - oldest >= rate.intervalMs;
  }

  #wakeForRate(): void {
    if (this.#timer !== undefined) return;
    const wait = this.#rate!.intervalMs - (performance.now() - this.#starts[this.#startIndex]!);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#drain();
    }, Math.max(1, Math.ceil(wait)));
  }
}
