import type { LockPackage } from '@registry-miners/cargolock-parser';

/** The earliest registry commit at which a Cargo.lock could have been resolved. */
export interface Resolution {
  /** Full commit id (40 hex digits). */
  commit: string;
  /** The commit's committer time. */
  time: Date;
  /**
   * Packages present at the search's upper bound (the first commit at or before the publish time,
   * or the anchor commit) in the first repository searched: the count every later commit is held to.
   */
  found: number;
  /** Number of packages searched for (the length of the package list). */
  total: number;
  /** Packages absent at the upper bound, in input order: `found + missing.length === total`. */
  missing: LockPackage[];
  /** Position of the repository holding `commit` in the repository source (0 = newest). */
  repositoryIndex: number;
}
