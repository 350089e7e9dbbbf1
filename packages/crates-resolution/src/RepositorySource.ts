import type { Repository } from 'nodegit';
import type { LazyRepository } from './LazyRepository.js';

/**
 * crates.io index repositories, newest → oldest (e.g. the current index, then archive snapshots
 * newest first). The function form lets a caller acquire older snapshots lazily: it is called with
 * 0, 1, 2… only as far as the search needs, and returns `undefined` when there are no more.
 * A repository may come with the commit to search from (`{ repository, head }`, e.g. a head pinned while another process fetches); otherwise its HEAD is used.
 */
export type RepositorySource = readonly RepositoryAtHead[] | ((index: number) => Promise<RepositoryAtHead | undefined>);

/**
 * A repository, searched from its HEAD, or from `head` (a commit id): an open nodegit repository,
 * or a {@link LazyRepository} (`LazyRepository.at(path)`), which opens the repository only if
 * the search must read it: with a {@link ResolutionCache} that saved what earlier searches read, it
 * may not need to, and then nodegit is not even loaded.
 */
export type RepositoryAtHead = Repository | LazyRepository | { repository: Repository | LazyRepository; head: string };
