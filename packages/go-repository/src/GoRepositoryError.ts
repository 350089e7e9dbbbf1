import { RegistryMinersError } from '@registry-miners/utils';

/** Stable codes of {@link GoRepositoryError}; callers match on these, never on the message. */
export type GoRepositoryErrorCode =
  /** A discovery was cancelled through its `AbortSignal`. */
  | 'ERR_GOGET_ABORTED'
  /** An option of {@link GoGetDiscovery} is out of range. */
  | 'ERR_GOGET_OPTIONS';

/**
 * The error this package throws. Discovery never throws for what a host answers (that is a
 * `none` outcome); only cancellation and invalid options throw.
 */
export class GoRepositoryError extends RegistryMinersError<GoRepositoryErrorCode> {
  override name = 'GoRepositoryError';
}
