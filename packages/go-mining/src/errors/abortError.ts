/** How an aborted phase fails: one GoMinerError, whatever aborted it. */
import { GoMinerError } from './GoMinerError.js';

/**
 * The error a phase throws when its signal aborts: the signal's own reason when it is a GoMinerError (the
 * CLI aborts with one naming the OS signal), else a GoMinerError `ERR_ABORTED` caused by the reason.
 */
export function abortError(signal: AbortSignal): GoMinerError {
  const reason = signal.reason;
  if (reason instanceof GoMinerError) return reason;
  return new GoMinerError('ERR_ABORTED', 'Interrupted; all finished work was saved.', { cause: reason });
}
