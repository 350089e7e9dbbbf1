/** Latency percentiles in milliseconds, measured per attempt from dispatch to the last body byte. */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** A snapshot of a pool's counters, from {@link HttpPool.stats}. */
export interface HttpStats {
  /** HTTP attempts started (first tries and retries). */
  requests: number;
  /** Attempts that were retries. `requests - retries` is the number of `get()` calls that reached the network. */
  retries: number;
  /** `get()` calls that rejected with an {@link HttpError}. */
  failures: number;
  /** Response body bytes received, after decoding. */
  bytes: number;
  /** Attempts on the wire right now. */
  inFlight: number;
  /** Attempts by outcome: HTTP status (`'200'`) or, for network failures, the error code (`'ECONNRESET'`). */
  statuses: Record<string, number>;
  latencyMs: LatencyPercentiles;
  /** The pool-wide concurrency limit now: lowered after a 429, raised again gradually on successes. */
  concurrencyLimit: number;
}
