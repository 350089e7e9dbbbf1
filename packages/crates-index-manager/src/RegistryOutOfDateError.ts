import { RegistryMinersError } from '@registry-miners/utils';

/** Everything a {@link RegistryOutOfDateError} carries in `details`. */
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
 * The facts are in `details`; the same four are readable on the error itself, as shorthands.
 *
 * @example
 * ```ts
 * if (error instanceof RegistryOutOfDateError) {
 *   const wait = error.details.nextUpdateTime.getTime() - Date.now();
 *   retryAfterMs = Math.min(wait > 0 ? wait : error.details.updateIntervalMs, 3_600_000);
 * }
 * ```
 */
export class RegistryOutOfDateError extends RegistryMinersError<'ERR_REGISTRY_OUT_OF_DATE', RegistryOutOfDateDetails> {
  override name = 'RegistryOutOfDateError';
  declare readonly details: RegistryOutOfDateDetails;

  constructor(details: RegistryOutOfDateDetails) {
    super(
      'ERR_REGISTRY_OUT_OF_DATE',
      `The current crates.io index ends at ${details.headTime.toISOString()}, before the required ` +
        `${details.requiredTime.toISOString()}; next update at ${details.nextUpdateTime.toISOString()}`,
      { hint: 'Retry after nextUpdateTime, or lower updateIntervalMs to refresh the current index sooner.', details },
    );
  }

  get requiredTime(): Date {
    return this.details.requiredTime;
  }

  get headTime(): Date {
    return this.details.headTime;
  }

  get nextUpdateTime(): Date {
    return this.details.nextUpdateTime;
  }

  get updateIntervalMs(): number {
    return this.details.updateIntervalMs;
  }
}
