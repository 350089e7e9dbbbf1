/** One line of the index, as taken by a crawl. */
export interface IndexEntry {
  /** Module path, verbatim (`github.com/BurntSushi/toml`). */
  path: string;
  /** Module version, verbatim (`v1.3.2`). */
  version: string;
  /** The index's `Timestamp`, verbatim (may carry an offset or trimmed zeros): keep it for cursors. */
  timestamp: string;
  /** The instant of `timestamp`, microseconds since the Unix epoch: compare and order with this. */
  micros: bigint;
  /**
   * Position within its run of entries sharing one instant, 0-based, continuing across pages (and
   * across a resume). `(micros, ordinal)` is a unique key giving feed order, also across shards.
   */
  ordinal: number;
}
