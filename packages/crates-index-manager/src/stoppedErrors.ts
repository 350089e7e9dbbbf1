/** The errors of a request that stopped before its end. */
import { IndexManagerError } from './IndexManagerError.js';

/**
 * The two ways a request stops before its end: its caller aborted it (`ERR_INDEX_ABORTED`), or the
 * manager was closed (`ERR_INDEX_CLOSED`). An error that already says one of them is passed through.
 */
export function abortedError(reason: unknown): IndexManagerError {
  if (reason instanceof IndexManagerError && (reason.code === 'ERR_INDEX_ABORTED' || reason.code === 'ERR_INDEX_CLOSED')) return reason;
  return new IndexManagerError('ERR_INDEX_ABORTED', 'The request was aborted', { cause: reason });
}

export function closedError(): IndexManagerError {
  return new IndexManagerError('ERR_INDEX_CLOSED', 'The IndexManager is closed', { hint: 'Open a new IndexManager.' });
}
