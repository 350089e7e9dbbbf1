/** Who holds (or held) a directory lock, as recorded in its holder file. */
export interface LockHolder {
  /** Process id of the holder. */
  pid: number;
  /** `os.hostname()` of the machine the holder runs on. */
  hostname: string;
  /** When the lock was taken, ISO 8601 (UTC). */
  since: string;
}
