import type { Repository } from 'nodegit';

/**
 * crates.io index repositories, newest → oldest (e.g. the current index, then archive snapshots
 * newest first). The function form lets a caller acquire older snapshots lazily: it is called with
 * 0, 1, 2… only as far as the search needs, and returns `undefined` when there are no more.
 */
export type RepositorySource = readonly Repository[] | ((index: number) => Promise<Repository | undefined>);
