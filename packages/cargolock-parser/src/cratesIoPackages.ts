import type { CargoLock, LockPackage } from './CargoLock.js';

/** The `source` of packages that come from crates.io through its git index. */
export const CRATES_IO_SOURCE = 'registry+https://github.com/rust-lang/crates.io-index';

/**
 * The packages to look up in the crates.io git index: exactly those whose `source` is
 * {@link CRATES_IO_SOURCE}, in file order.
 *
 * Path packages (no source), `git+` packages, other registries and `sparse+` sources (including
 * `sparse+https://index.crates.io/`, which names the same crates but through the HTTP index that
 * the git-history search does not cover) are left out. Two versions of one crate are both kept.
 */
export function cratesIoPackages(lock: CargoLock): LockPackage[] {
  return lock.packages
    .filter((pkg) => pkg.source === CRATES_IO_SOURCE)
    .map((pkg) => ({ name: pkg.name, version: pkg.version }));
}
