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
   * Larger: fewer merges (less disk I/O over a long run), more memory (about 100 bytes per journaled key)
   * and a longer reopen (the journal is indexed at open, about 1 s per million entries).
   * @default 250_000
   * @example CheckpointStore.open('state/go-miner', { compactAfter: 100_000 })
   */
  compactAfter?: number;
}
