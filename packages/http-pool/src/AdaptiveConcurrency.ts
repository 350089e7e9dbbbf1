/**
 * The pool-wide concurrency limit, AIMD style: a 429 halves it (multiplicative decrease), each
 * success adds `1 / limit` (additive increase: about +1 per window of `limit` successes), up to the
 * configured maximum.
 *
 * Many requests in flight at the moment a server starts throttling all come back 429 together;
 * they are one signal, not many. Each attempt records the {@link epoch} it started in, and only a 429
 * from an attempt started since the last decrease lowers the limit again.
 */
export class AdaptiveConcurrency {
  readonly max: number;
  readonly min: number;
  readonly decreaseFactor: number;
  #limit: number;
  #epoch = 0;
  #onChange: (limit: number) => void;

  /** @param onChange called with the new integer limit whenever it changes */
  constructor(max: number, onChange: (limit: number) => void, options: { min?: number; decreaseFactor?: number } = {}) {
    this.max = max;
    this.min = Math.min(max, options.min ?? 1);
    this.decreaseFactor = options.decreaseFactor ?? 0.5;
    this.#limit = max;
    this.#onChange = onChange;
  }

  /** The current limit: a whole number from {@link min} to {@link max}. */
  get limit(): number {
    return Math.floor(this.#limit);
  }

  /** Increases at every decrease; attempts remember the epoch they started in. */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * A throttling response (429) to an attempt started in `startEpoch`.
   * @returns whether the limit was lowered
   */
  onThrottle(startEpoch: number): boolean {
    if (startEpoch !== this.#epoch) return false;
    this.#epoch++;
    const before = this.limit;
    this.#limit = Math.max(this.min, Math.floor(this.#limit * this.decreaseFactor));
    if (this.limit !== before) this.#onChange(this.limit);
    return true;
  }

  /** A response that was not throttled. */
  onSuccess(): void {
    if (this.#limit >= this.max) return;
    const before = this.limit;
    this.#limit = Math.min(this.max, this.#limit + 1 / before);
    if (this.limit !== before) this.#onChange(this.limit);
  }
}
