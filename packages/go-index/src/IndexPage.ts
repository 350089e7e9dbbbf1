import type { IndexCursor } from './IndexCursor.js';
import type { IndexEntry } from './IndexEntry.js';

/** One index response, reduced to what it added. */
export interface IndexPage {
  /** New entries only (repeats of earlier pages removed), in feed order. */
  entries: IndexEntry[];
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
