import type { LatencyPercentiles } from './HttpStats.js';

const MIN_MS = 0.01;
const MAX_MS = 3_600_000;
const GROWTH = 1.04;
const LOG_GROWTH = Math.log(GROWTH);
/** Bucket 0 holds values up to MIN_MS; bucket i ≥ 1 holds (MIN_MS·GROWTH^(i-1), MIN_MS·GROWTH^i]; the last one also all above MAX_MS. */
const BUCKETS = 2 + Math.ceil(Math.log(MAX_MS / MIN_MS) / LOG_GROWTH);

/**
 * Latency distribution in fixed memory: logarithmic buckets 4 % wide from 0.01 ms to one hour
 * (about 500 counters, whatever the number of samples), so percentiles are within 4 % of the truth.
 */
export class LatencyHistogram {
  readonly #counts = new Float64Array(BUCKETS);
  #count = 0;
  #max = 0;

  /** Number of buckets: fixed, however many values are recorded. */
  static readonly bucketCount = BUCKETS;

  get count(): number {
    return this.#count;
  }

  record(ms: number): void {
    if (!(ms >= 0)) return;
    this.#count++;
    if (ms > this.#max) this.#max = ms;
    const index = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / LOG_GROWTH));
    this.#counts[index]! += 1;
  }

  /** The value below which `p` percent of the recorded values fall (upper bucket bound, at most the max); 0 when empty. */
  percentile(p: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.#counts[index]!;
      // The last bucket also holds everything above an hour: report the max there.
      if (seen >= rank) return round(index === BUCKETS - 1 ? this.#max : Math.min(this.#max, MIN_MS * GROWTH ** index));
    }
    return round(this.#max);
  }

  snapshot(): LatencyPercentiles {
    return { p50: this.percentile(50), p90: this.percentile(90), p99: this.percentile(99), max: round(this.#max) };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
