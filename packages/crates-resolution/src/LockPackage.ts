/** A crates.io package pinned by a Cargo.lock: what the index search looks up. */
export interface LockPackage {
  /** Crate name as written in the lockfile (the index path lowercases it). */
  name: string;
  /** Exact version; matched as the bytes `"vers":"<version>"` in the crate's index file. */
  version: string;
}
