export interface EntriesOptions {
  /**
   * Start after this key (exclusive), e.g. the last key a previous run handled.
   * @default undefined (from the first key)
   * @example store.entries('modules', { after: 'github.com/a/b' })
   */
  after?: string;
  /**
   * Stop after this many entries (a non-negative integer).
   * @default Infinity
   * @example store.entries('modules', { limit: 100 })
   */
  limit?: number;
}
