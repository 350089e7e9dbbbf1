import NodeGit from 'nodegit';

const MIB = 1024 * 1024;

/** The part of nodegit's `Libgit2` used here (its typings declare `OPT` as an ambient const enum and `opts` with one argument). */
interface Libgit2Options {
  OPT: Record<'SET_MWINDOW_SIZE' | 'SET_MWINDOW_MAPPED_LIMIT' | 'ENABLE_CACHING', number>;
  opts(option: number, value: number): unknown;
}

/**
 * Bounds what libgit2 keeps in memory for the whole process (its settings are global): pack files
 * are mapped in 4 MiB windows, at most 16 MiB at once (the default maps up to 8 GiB of a 1.6 GB
 * index), and libgit2's own object cache is off, since the searches keep a bounded cache of their
 * own (ResolutionCache) of exactly what they reuse. Small windows cost little CPU now that warm
 * searches read their trees and version lists from the saved objects, not from the packs.
 */
export function boundGitMemory(): void {
  const libgit2 = NodeGit.Libgit2 as unknown as Libgit2Options;
  libgit2.opts(libgit2.OPT.SET_MWINDOW_SIZE, 4 * MIB);
  libgit2.opts(libgit2.OPT.SET_MWINDOW_MAPPED_LIMIT, 16 * MIB);
  libgit2.opts(libgit2.OPT.ENABLE_CACHING, 0);
}
