export interface CheckpointStoreOptions {
  /**
   * Open without taking the writer lock, to read while another process writes (a progress report, an
   * export): reads see the last committed state. The store must exist (else ERR_CHECKPOINT_NOT_FOUND) and
   * commit() throws ERR_CHECKPOINT_READONLY.
   * @default false
   * @example CheckpointStore.open('state/go-miner', { readonly: true })
   */
  readonly?: boolean;
  /**
   * Journaled changes (puts and deletes) after which commit() merges the journal into the key-ordered table.
   * Larger: fewer merges (each rewrites most of the table: less CPU and disk I/O over a long run), more
   * memory (about 40 bytes per journaled key), a longer reopen (the journal is indexed at open, about
   * 1 s per 300 000 entries) and a larger peak of disk use during a merge.
   * @default 400_000
   * @example CheckpointStore.open('state/go-miner', { compactAfter: 100_000 })
   */
  compactAfter?: number;
}
