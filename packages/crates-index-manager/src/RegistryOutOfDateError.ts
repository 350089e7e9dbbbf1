/** Everything a {@link RegistryOutOfDateError} carries. */
export interface RegistryOutOfDateDetails {
  /** The time the caller asked the current index to cover (`contains`). */
  requiredTime: Date;
  /** Committer time of the current index's head commit: the newest time it covers. */
  headTime: Date;
  /** When the manager will next refresh the current index (last update + interval). */
  nextUpdateTime: Date;
  /** The configured refresh interval, in milliseconds. */
  updateIntervalMs: number;
}

/**
 * The current index does not yet cover the requested time: its head commit is older than
 * `contains`, and it was refreshed less than `updateIntervalMs` ago. A service typically answers
 * 503 with `Retry-After: nextUpdateTime - now` (or the interval when that is not positive).
 *
 * @example
 * ```ts
 * if (error instanceof RegistryOutOfDateError) {
 *   const wait = error.nextUpdateTime.getTime() - Date.now();
 *   retryAfterMs = Math.min(wait > 0 ? wait : error.updateIntervalMs, 3_600_000);
 * }
 * ```
 */
export class RegistryOutOfDateError extends Error {
  override name = 'RegistryOutOfDateError';
  readonly code = 'ERR_REGISTRY_OUT_OF_DATE' as const;
  readonly requiredTime: Date;
  readonly headTime: Date;
  readonly nextUpdateTime: Date;
  readonly updateIntervalMs: number;
  readonly hint: string;

  constructor(details: RegistryOutOfDateDetails) {
    super(
      `The current crates.io index ends at ${details.headTime.toISOString()}, before the required ` +
        `${details.requiredTime.toISOString()}; next update at ${details.nextUpdateTime.toISOString()}`,
    );
    this.requiredTime = details.requiredTime;
    this.headTime = details.headTime;
    this.nextUpdateTime = details.nextUpdateTime;
    this.updateIntervalMs = details.updateIntervalMs;
    this.hint = 'Retry after nextUpdateTime, or lower updateIntervalMs to refresh the current index sooner.';
  }
}
