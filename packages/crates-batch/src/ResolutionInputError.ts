/**
 * A problem with what the caller gave to resolve (besides the lockfile's own syntax, which
 * cargolock-parser reports): a publish time that is not RFC 3339, a lockfile that cannot be read or
 * is too large, a batch line without its fields. Always classified `bad-input`.
 */
import { RegistryMinersError } from '@registry-miners/utils';

export type ResolutionInputErrorCode =
  /** The publish time is not an RFC 3339 time with an offset, or not a real date. */
  | 'ERR_BAD_PUBLISHED_TIME'
  /** The lockfile path cannot be read (missing, a directory, no permission). */
  | 'ERR_LOCKFILE_UNREADABLE'
  /** The lockfile is larger than any real Cargo.lock (the limit is in `details.maxBytes`). */
  | 'ERR_LOCKFILE_TOO_LARGE'
  /** A batch input line is not JSON, or lacks `lockfile` or `published`. */
  | 'ERR_BAD_BATCH_INPUT';

export class ResolutionInputError extends RegistryMinersError<ResolutionInputErrorCode> {
  override name = 'ResolutionInputError';
}
