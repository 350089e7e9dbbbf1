import type { GoDatasetKeys } from './goDatasetKeys.js';
import { formatGoTimestamp, GO_INDEX_EPOCH_US } from './goTimestamps.js';
import { hashIndex as hashIndexImport } from './hash.js';

// Local bindings: hot loops call these millions of times, and some module loaders (Vite's runner,
// CommonJS interop) turn every access to an imported binding into a getter call.
const hashIndex = hashIndexImport;
const formatTimestamp = formatGoTimestamp;

/** Entries per index page: one run of equal timestamps straddles every multiple of it. */
export const GO_INDEX_PAGE = 2000;
const END_US = Date.UTC(2026, 0, 1) * 1000;
const OFFSET_UNTIL_US = Date.UTC(2020, 0, 1, 7) * 1000;
/** Ratio of entries per day at the end of the feed to the start (the real index grows ~30% a year). */
const DENSITY_GROWTH = 6;
const LOG_DENSITY_GROWTH = Math.log(DENSITY_GROWTH);

/**
 * The timestamps of a synthetic feed, computed from the entry number alone:
 * 1. entries come in runs of 1-6 equal timestamps (a run of six straddles every multiple of 2000);
 * 2. run `s` gets a slot of time, slots getting denser towards the end of the feed;
 * 3. its instant lies somewhere in its slot, with a varied number of trailing zeros;
 * 4. instants before 2020-01-01T07:00Z are written with the `-07:00` offset, as the real index did.
 * Timestamps are therefore non-decreasing in the entry number, and searchable by bisection.
 */
export class GoFeedTimeline {
  readonly #entryCount: number;
  readonly #keys: GoDatasetKeys;
  readonly #spanUs: number;

  constructor(entryCount: number, keys: GoDatasetKeys) {
    this.#entryCount = entryCount;
    this.#keys = keys;
    this.#spanUs = END_US - GO_INDEX_EPOCH_US - entryCount;
  }

  /** Whether entry `i` starts a new run of equal timestamps. */
  isRunStart(i: number): boolean {
    if (i <= 1) return true; // the first entry stands alone at the documented first instant
    const r = (i + 3) % GO_INDEX_PAGE;
    // One run of six straddles every multiple of 2000: entries 2000k-3 … 2000k+2.
    if (r < 6 && i >= GO_INDEX_PAGE - 3) return r === 0;
    if (r === 6 && i >= GO_INDEX_PAGE + 3) return true;
    if (i % 6 === 0) return true; // caps runs at six entries
    return hashIndex(this.#keys.break, i) % 100 < 45;
  }

  runStart(i: number): number {
    let j = i;
    while (!this.isRunStart(j)) j -= 1;
    return j;
  }

  /** Lower edge of the time slot of entry `s`: strictly increasing, denser towards the end. */
  #slotUs(s: number): number {
    const u = s / this.#entryCount;
    const g = (this.#spanUs * Math.log(1 + u * (DENSITY_GROWTH - 1))) / LOG_DENSITY_GROWTH;
    return GO_INDEX_EPOCH_US + s + Math.floor(g);
  }

  /** The instant of the run starting at `s`, somewhere in its slot, with varied trailing zeros. */
  runInstantUs(s: number): number {
    if (s === 0) return GO_INDEX_EPOCH_US;
    const lo = this.#slotUs(s);
    const hi = this.#slotUs(s + 1);
    const value = lo + Math.floor((hashIndex(this.#keys.tsPlace, s) / 2 ** 32) * (hi - lo));
    const roll = hashIndex(this.#keys.tsRound, s) % 100;
    let digits = roll < 18 ? 6 : roll < 24 ? 5 : roll < 34 ? 4 : roll < 46 ? 3 : roll < 58 ? 2 : roll < 70 ? 1 : 0;
    for (; digits > 0; digits -= 1) {
      const unit = 10 ** digits;
      const rounded = value + ((unit - (value % unit)) % unit);
      if (rounded < hi) return rounded;
    }
    return value;
  }

  /** An instant as the index writes it. */
  format(us: number): string {
    return formatTimestamp(us, us > GO_INDEX_EPOCH_US && us < OFFSET_UNTIL_US);
  }

  /** The instant of entry `i` in microseconds since the epoch. */
  instantUs(i: number): number {
    return this.runInstantUs(this.runStart(i));
  }

  /** First entry at or after an instant; the entry count if none. */
  firstIndexAtOrAfter(us: number): number {
    let lo = 0;
    let hi = this.#entryCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.instantUs(mid) < us) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
