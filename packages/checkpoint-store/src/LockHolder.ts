/** Who holds (or held) the writer lock of a store, as recorded in `lock.json`. */
export interface LockHolder {
  /** Process id of the holder. */
  pid: number;
  /** `os.hostname()` of the machine the holder runs on. */
  hostname: string;
  /** When the lock was taken, ISO 8601 (UTC). */
  since: string;
}
