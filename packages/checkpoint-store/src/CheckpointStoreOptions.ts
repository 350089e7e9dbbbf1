export interface CheckpointStoreOptions {
  /**
   * Open without taking the writer lock, to read while another process writes (a progress report, an
   * export): reads see the last committed state. The store must exist (else ERR_CHECKPOINT_NOT_FOUND) and
   * commit() throws ERR_CHECKPOINT_READONLY.
   * @default false
   * @example CheckpointStore.open('state/go-miner', { readonly: true })
   */
  readonly?: boolean;
}
