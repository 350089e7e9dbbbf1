import type { IndexCursor } from './IndexCursor.js';
import type { IndexEntry } from './IndexEntry.js';
import type { IndexLines } from './IndexLines.js';

/** One index response, reduced to what it added. */
export interface IndexPage {
  /** New entries only (repeats of earlier pages removed), in feed order; made from {@link lines} when first read. */
  readonly entries: IndexEntry[];
  /** The same entries where the response holds them, without an object per entry: what a crawl of millions of entries reads. */
  lines: IndexLines;
  /** The crawl state after this page: persist it with `entries`, resume with it as `from`. */
  cursor: IndexCursor;
  /** The URL requested. */
  url: string;
  /**
   * The first entry stamped later than now plus `futureSkewMs`, when the page held one: it was not
   * taken and the crawl ends here. Report it; a later run reads it once its time has come.
   */
  future?: IndexEntry;
}
