import type { GitObjectStore } from './GitObjectStore.js';
import type { PathGroup } from './groupPackages.js';

/**
 * Which of a group's package versions an index file holds, cached by blob id: a blob is read once
 * per search (once per process with a ResolutionCache) however many commits (and repositories: ids are content hashes) share it, and its
 * content is dropped as soon as it is tested.
 */
export class PresenceChecker {
  readonly #groups: readonly PathGroup[];
  /** Per group: blob id → one flag per package of the group. */
  readonly #cache: Map<string, Uint8Array>[];

  constructor(groups: readonly PathGroup[]) {
    this.#groups = groups;
    this.#cache = groups.map(() => new Map());
  }

  /** Reads (in parallel) the blobs not tested yet among `state[group]` for the given groups. */
  async load(store: GitObjectStore, state: readonly (string | null)[], groups: readonly number[]): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const index of groups) {
      const blob = state[index];
      if (blob === null || blob === undefined || this.#cache[index]!.has(blob)) continue;
      pending.push(this.#test(store, index, blob));
    }
    await Promise.all(pending);
  }

  /** Flags (1 = present) for the packages of `group` in blob `blob`; all 0 when the file is absent. Load it first. */
  flags(group: number, blob: string | null): Uint8Array {
    if (blob === null) return new Uint8Array(this.#groups[group]!.packages.length);
    const flags = this.#cache[group]!.get(blob);
    if (flags === undefined) throw new Error(`blob ${blob} was not loaded`);
    return flags;
  }

  /** Number of the group's packages present in `blob`. */
  count(group: number, blob: string | null): number {
    if (blob === null) return 0;
    let found = 0;
    for (const flag of this.flags(group, blob)) found += flag;
    return found;
  }

  async #test(store: GitObjectStore, index: number, blob: string): Promise<void> {
    const group = this.#groups[index]!;
    const listed = await store.versions(blob, `index file ${group.path}`);
    const flags = new Uint8Array(group.versions.length);
    group.versions.forEach((version, i) => {
      flags[i] = listed.has(version) ? 1 : 0;
    });
    this.#cache[index]!.set(blob, flags);
  }
}
