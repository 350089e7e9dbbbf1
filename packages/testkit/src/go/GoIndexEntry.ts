/** One line of the index feed of a {@link SyntheticGoDataset}. */
export interface GoIndexEntry {
  /** 0-based position in the `include=all` feed. */
  readonly index: number;
  readonly path: string;
  readonly version: string;
  /** Exactly as the fake index writes it (trimmed zeros, `Z` or `-07:00`). */
  readonly timestamp: string;
  /** `false` for the ~2% of entries that only `include=all` returns. */
  readonly served: boolean;
}

/** Which feed: the default one, or the `include=all` one. */
export type GoFeedView = { includeAll?: boolean };
