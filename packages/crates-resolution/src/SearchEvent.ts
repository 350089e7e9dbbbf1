/**
 * Progress of a search, for `--verbose` output. Every event names the repository it is about by
 * its position in the source (`repositoryIndex`) and, where one is involved, the commit.
 */
export type SearchEvent =
  /** A repository is about to be searched (`path` is its git directory). */
  | { type: 'repository'; repositoryIndex: number; path: string; search: 'anchor' | 'lockfile' }
  /** The repository has no commit at or before the bound; the search moves to the next (older) one. */
  | { type: 'skip'; repositoryIndex: number; reason: 'no-history-before-bound' | 'no-matches' | 'older-baseline-lower' }
  /**
   * Packages counted at one commit. `phase`: `baseline` = the upper bound, `coarse` = the one-per-day
   * scan, `fine` = the commit-exact search for the drop, `root` = the repository's first commit.
   */
  | {
      type: 'probe';
      repositoryIndex: number;
      phase: 'baseline' | 'coarse' | 'fine' | 'root';
      commit: string;
      time: Date;
      found: number;
      total: number;
    }
  /** The anchor crate version's first commit, used as the upper bound of the lockfile search. */
  | { type: 'anchor'; repositoryIndex: number; commit: string; time: Date }
  /** A repository's search is over: `drop` = the answer is inside it; `root` = it never dropped. */
  | { type: 'repository-done'; repositoryIndex: number; outcome: 'drop' | 'root'; commit: string; time: Date; objectReads: number };
