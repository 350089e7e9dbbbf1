/**
 * Cargo.lock format version. 1 and 2 have no `version` header (1: checksums in `[metadata]`, maybe a
 * `[root]` package; 2: checksums inline); 3 and 4 say `version = 3` / `version = 4`.
 */
export type CargoLockVersion = 1 | 2 | 3 | 4;

/**
 * A package pinned by a lockfile, reduced to what a registry lookup needs (what
 * `findRegistryResolution` of `@registry-miners/crates-resolution` searches for).
 */
export interface LockPackage {
  /** Crate name as written in the lockfile (the index path lowercases it). */
  name: string;
  /** Exact version; matched as the bytes `"vers":"<version>"` in the crate's index file. */
  version: string;
}

/** One `[[package]]` entry (or the v1 `[root]` table) as written in the lockfile. */
export interface CargoLockPackage extends LockPackage {
  /** e.g. `registry+https://github.com/rust-lang/crates.io-index`, `git+https://…#rev`; absent for path packages. */
  source?: string;
  /** SHA-256 of the `.crate` file, inline (v2+) or from `[metadata]` (v1); absent when the lockfile has none. */
  checksum?: string;
  /** The `dependencies` strings exactly as written (`"serde"`, `"serde 1.0.104"`, `"serde 1.0.104 (registry+…)"`). */
  dependencies: string[];
}

/** A parsed Cargo.lock. */
export interface CargoLock {
  /** The name errors and messages use for this lockfile. */
  fileName: string;
  version: CargoLockVersion;
  /** Every package in file order; the v1 `[root]` package, if any, comes first. */
  packages: CargoLockPackage[];
}
