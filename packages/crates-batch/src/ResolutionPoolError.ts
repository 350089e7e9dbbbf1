/** Why the {@link ResolutionPool} itself, not the search, could not answer. */
import { RegistryMinersError } from '@registry-miners/utils';

export type ResolutionPoolErrorCode =
  /** The pool was closed while the resolution waited or ran. */
  | 'ERR_SHUTTING_DOWN'
  /** The worker thread running the resolution died (a crash in native code, out of memory). */
  | 'ERR_WORKER_LOST';

export class ResolutionPoolError extends RegistryMinersError<ResolutionPoolErrorCode> {
  override name = 'ResolutionPoolError';
}
