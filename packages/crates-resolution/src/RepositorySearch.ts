import type { GitObjectStore } from './GitObjectStore.js';
import type { PathGroup } from './groupPackages.js';
import type { PathResolver } from './PathResolver.js';
import type { PresenceChecker } from './PresenceChecker.js';
import type { CommitHistory } from './CommitHistory.js';
import { ResolutionError } from './ResolutionError.js';
import type { SearchEvent } from './SearchEvent.js';

const DAY_SECONDS = 24 * 60 * 60;

/** Blob id per group at one commit (`null` = the file is absent). */
type State = (string | null)[];

/** The upper bound of a repository search: the first commit at or before it. */
export interface SearchBound {
  /** History index to start from (0 = the history's start commit). */
  from: number;
  /** Skip commits with a committer time after this (seconds since the epoch), like `git log --until`. */
  until?: number | undefined;
}

export interface Baseline {
  /** History index of the upper bound commit. */
  index: number;
  /** Packages present there (`maxFound`). */
  found: number;
  /** Flag per package (1 = present), in input order. */
  present: Uint8Array;
}

export interface RepositoryOutcome {
  baseline: Baseline;
  /** History index of the answer: the commit just before the first drop, or the root. */
  answer: number;
  /** True when a drop below the baseline was found inside this repository. */
  dropFound: boolean;
}

export interface RepositorySearchContext {
  repositoryIndex: number;
  history: CommitHistory;
  store: GitObjectStore;
  groups: readonly PathGroup[];
  /** Tree cache shared by the repositories of one search (same groups). */
  resolver: PathResolver;
  /** Blob cache shared by the repositories of one search (same groups). */
  presence: PresenceChecker;
  total: number;
  onEvent?: ((event: SearchEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The search inside one repository, with the reference's semantics (spec §FindRegistryResolution):
 * the baseline at the first commit at or before the bound; a coarse scan counting one commit per
 * 24 h going back until the count drops below the baseline; then the commit just before the first
 * drop after the last good coarse commit (or the root when it never drops).
 *
 * What makes it fast: counting at a commit re-reads only the trees and blobs whose ids changed
 * since any commit counted before (tree ids are cached per directory, blob verdicts per blob id),
 * and the commit-exact step bisects instead of counting every commit: between two counted commits,
 * a file whose blob id is the same at both ends is taken as unchanged in between, so only the
 * files that differ are looked up at the midpoint, and the recursion visits the changes of the
 * lockfile's files in history order until the first one that drops the count. Its work grows with
 * the changes to the lockfile's files, not with commits × packages.
 */
export class RepositorySearch {
  readonly #context: RepositorySearchContext;
  readonly #resolver: PathResolver;
  readonly #presence: PresenceChecker;
  readonly #all: number[];
  #baseline: Baseline | undefined;
  #baselineState: State | undefined;

  constructor(context: RepositorySearchContext) {
    this.#context = context;
    this.#resolver = context.resolver;
    this.#presence = context.presence;
    this.#all = context.groups.map((_, index) => index);
  }

  /**
   * Counts the packages at the first commit at or before the bound. Resolves `undefined` when the
   * history has no such commit.
   * @throws {ResolutionError} `ERR_NOT_A_CRATES_INDEX` when that commit's root is not an index root.
   */
  async baseline(bound: SearchBound): Promise<Baseline | undefined> {
    const { history } = this.#context;
    let index = bound.from;
    for (;;) {
      this.#checkAborted();
      if (!(await history.ensure(index))) return undefined;
      if (bound.until === undefined || history.time(index) <= bound.until) break;
      index += 1;
    }
    const rootTree = history.treeId(index);
    const shape = await this.#resolver.rootShape(this.#context.store, rootTree);
    if (!shape.hasConfigJson && (shape.directories === 0 || shape.indexShapedDirectories < shape.directories)) {
      const path = this.#context.store.path;
      throw new ResolutionError(
        'ERR_NOT_A_CRATES_INDEX',
        `${path} is not a crates.io index: the root of commit ${history.id(index)} has no config.json and ${
          shape.directories === 0 ? 'no directories' : 'directories not named like index directories (1, 2, 3, two-character prefixes)'
        }`,
        { details: { repository: path }, hint: 'pass clones of https://github.com/rust-lang/crates.io-index (or its archive snapshots)' },
      );
    }
    const state = await this.#evaluate(index, this.#all, this.#all.map(() => null));
    const present = new Uint8Array(this.#context.total);
    this.#context.groups.forEach((group, g) => {
      const flags = this.#presence.flags(g, state[g] ?? null);
      group.packages.forEach((pkg, i) => {
        present[pkg] = flags[i]!;
      });
    });
    let found = 0;
    for (const flag of present) found += flag;
    this.#baseline = { index, found, present };
    this.#baselineState = state;
    this.#probe('baseline', index, found);
    return this.#baseline;
  }

  /** Runs the coarse and commit-exact steps after {@link baseline} (whose count must be > 0). */
  async finish(until: number | undefined): Promise<RepositoryOutcome> {
    const baseline = this.#baseline;
    const baselineState = this.#baselineState;
    if (baseline === undefined || baselineState === undefined) throw new Error('baseline() first');
    const { history } = this.#context;
    const maxFound = baseline.found;

    // Coarse: one commit per 24 h (strictly earlier than the last counted commit's time minus a
    // day), skipping commits after the bound, until the count drops below the baseline.
    let good = baseline.index;
    let goodState = baselineState;
    let bad: number | undefined;
    let badState: State | undefined;
    let nextCheck = history.time(good) - DAY_SECONDS;
    for (let index = good + 1; await history.ensure(index); index += 1) {
      const time = history.time(index);
      if ((until !== undefined && time > until) || time >= nextCheck) continue;
      const state = await this.#evaluate(index, this.#all, goodState);
      const found = this.#count(state);
      this.#probe('coarse', index, found);
      if (found < maxFound) {
        bad = index;
        badState = state;
        break;
      }
      good = index;
      goodState = state;
      nextCheck = time - DAY_SECONDS;
      history.releaseBefore(good);
    }

    // Fine: the first commit after `good` whose count is below the baseline.
    let end: number;
    let endState: State;
    if (bad !== undefined && badState !== undefined) {
      end = bad;
      endState = badState;
    } else {
      end = await history.loadAll();
      if (end === good) return this.#done(baseline, good, false);
      endState = await this.#evaluate(end, this.#all, goodState);
      this.#probe('root', end, this.#count(endState));
    }
    const drop = await this.#firstDrop(good, goodState, end, endState, maxFound);
    if (drop === undefined) return this.#done(baseline, end, false);
    return this.#done(baseline, drop - 1, true);
  }

  /**
   * The first commit in (a, b] whose count is below `maxFound`, visiting changes in history order.
   * Files whose blob id is equal at a and b are taken as unchanged in between.
   */
  async #firstDrop(a: number, stateA: State, b: number, stateB: State, maxFound: number): Promise<number | undefined> {
    const differing: number[] = [];
    for (let g = 0; g < stateA.length; g += 1) if (stateA[g] !== stateB[g]) differing.push(g);
    if (differing.length === 0) return undefined;
    if (b === a + 1) {
      const found = this.#count(stateB);
      this.#probe('fine', b, found);
      return found < maxFound ? b : undefined;
    }
    const middle = a + Math.floor((b - a) / 2);
    const stateM = await this.#evaluate(middle, differing, stateA);
    return (await this.#firstDrop(a, stateA, middle, stateM, maxFound)) ?? (await this.#firstDrop(middle, stateM, b, stateB, maxFound));
  }

  /** The state at commit `index`: `groups` looked up there, the others copied from `base`. */
  async #evaluate(index: number, groups: readonly number[], base: State): Promise<State> {
    this.#checkAborted();
    const state = base.slice();
    await this.#resolver.resolve(this.#context.store, this.#context.history.treeId(index), groups, state);
    await this.#presence.load(this.#context.store, state, groups);
    return state;
  }

  #count(state: State): number {
    let found = 0;
    for (let g = 0; g < state.length; g += 1) found += this.#presence.count(g, state[g] ?? null);
    return found;
  }

  #done(baseline: Baseline, answer: number, dropFound: boolean): RepositoryOutcome {
    const { history, onEvent, repositoryIndex, store } = this.#context;
    onEvent?.({
      type: 'repository-done',
      repositoryIndex,
      outcome: dropFound ? 'drop' : 'root',
      commit: history.id(answer),
      time: new Date(history.time(answer) * 1000),
      objectReads: store.reads,
    });
    return { baseline, answer, dropFound };
  }

  #probe(phase: 'baseline' | 'coarse' | 'fine' | 'root', index: number, found: number): void {
    const { history, onEvent, repositoryIndex, total } = this.#context;
    onEvent?.({ type: 'probe', repositoryIndex, phase, commit: history.id(index), time: new Date(history.time(index) * 1000), found, total });
  }

  #checkAborted(): void {
    const signal = this.#context.signal;
    if (signal?.aborted) {
      throw new ResolutionError('ERR_ABORTED', 'the registry search was aborted', { cause: signal.reason });
    }
  }
}
