import { RegistryMinersError } from '@registry-miners/utils';

/** Stable codes of {@link IndexError}; callers match on these, never on the message. */
export type IndexErrorCode =
  /** A response line is not a JSON object with string `Path`, `Version` and `Timestamp`. */
  | 'ERR_INDEX_MALFORMED_LINE'
  /** A timestamp (from the index, a cursor or an option) is not RFC 3339 with at most microsecond precision. */
  | 'ERR_INDEX_BAD_TIMESTAMP'
  /** The index answered with a final non-200 status, or the request failed after retries. */
  | 'ERR_INDEX_HTTP'
  /** The index returned entries older than the cursor or not sorted by time. */
  | 'ERR_INDEX_OUT_OF_ORDER'
  /** At least `limit` entries share one timestamp: the index cannot page past them. */
  | 'ERR_INDEX_RUN_TOO_LONG'
  /** The crawl was cancelled through its `AbortSignal`. */
  | 'ERR_INDEX_ABORTED';

/** Facts of an {@link IndexError} a program may act on (`error.details`). */
export interface IndexErrorDetails {
  /** The index URL requested, when the error concerns a response. */
  url?: string | undefined;
  /** The cursor (`since`) the request was made with; `undefined` for a crawl from the beginning. */
  since?: string | undefined;
  /** 1-based line of the response body, for line errors. */
  line?: number | undefined;
  /** HTTP status of the final response, when there was one. */
  status?: number | undefined;
}

/**
 * The one error this package throws (besides `TypeError` for invalid options). Its `hint` sits beside
 * the message, never inside it.
 *
 * @example
 * ```ts
 * try {
 *   for await (const page of crawlIndex({ pool, indexUrl })) save(page);
 * } catch (error) {
 *   if (error instanceof IndexError && error.code === 'ERR_INDEX_HTTP') console.error(error.message, error.hint, error.details?.status);
 *   else throw error;
 * }
 * ```
 */
export class IndexError extends RegistryMinersError<IndexErrorCode, IndexErrorDetails> {
  override name = 'IndexError';
}
