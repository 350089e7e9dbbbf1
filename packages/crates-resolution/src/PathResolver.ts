import type { GitObjectStore } from './GitObjectStore.js';
import { parseTree } from './parseTree.js';
import type { TreeEntry } from './parseTree.js';
import type { PathGroup } from './groupPackages.js';
import { ResolutionError } from './ResolutionError.js';

/** A directory of the index that holds wanted paths. */
interface DirNode {
  /** Path from the root, '' for the root. */
  path: string;
  depth: number;
  /** Wanted child names: a subdirectory node, or the groups whose file has this name. */
  children: Map<string, DirNode | number[]>;
  /** Tree id → its wanted entries. Index directories are position-specific, so a tree id read once never needs reading again. */
  cache: Map<string, Map<string, TreeEntry>>;
}

/** What the root tree of a commit says about the repository being a crates.io index. */
export interface RootShape {
  hasConfigJson: boolean;
  /** Directories at the root, dot-directories left out. */
  directories: number;
  /** Of those, the ones named like index directories: `1`, `2`, `3` or two lowercase characters. */
  indexShapedDirectories: number;
}

const INDEX_DIRECTORY = /^(?:[123]|[a-z0-9_-]{2})$/;

/**
 * Finds the blob id of index files at a commit's root tree by descending only into the
 * directories that hold wanted files, and only into trees not read before: between two commits of
 * the index, most directories keep their tree id, so resolving all of a lockfile's paths at a new
 * commit reads just the directories that changed on the way to them. Git objects are
 * content-addressed, so the cache is shared by every repository of a search: an archive snapshot's
 * last commit and the current index's squash root share almost every tree.
 */
export class PathResolver {
  readonly #groups: readonly PathGroup[];
  readonly #root: DirNode;

  constructor(groups: readonly PathGroup[]) {
    this.#groups = groups;
    this.#root = { path: '', depth: 0, children: new Map(), cache: new Map() };
    groups.forEach((group, index) => {
      let node = this.#root;
      group.parts.forEach((part, depth) => {
        const last = depth === group.parts.length - 1;
        const existing = node.children.get(part);
        if (last) {
          if (Array.isArray(existing)) existing.push(index);
          else node.children.set(part, [index]); // a file name never equals a directory name in the index layout
        } else {
          if (existing === undefined || Array.isArray(existing)) {
            const child: DirNode = { path: node.path === '' ? part : `${node.path}/${part}`, depth: depth + 1, children: new Map(), cache: new Map() };
            node.children.set(part, child);
            node = child;
          } else {
            node = existing;
          }
        }
      });
    });
  }

  /**
   * Blob ids of the given groups' files at root tree `rootTree` (`null` when the file is absent),
   * written into `out` at the group's index. Trees on one level are read in parallel.
   */
  async resolve(store: GitObjectStore, rootTree: string, groups: readonly number[], out: (string | null)[]): Promise<void> {
    let level: { node: DirNode; tree: string; groups: number[] }[] = [{ node: this.#root, tree: rootTree, groups: [...groups] }];
    while (level.length > 0) {
      await Promise.all(level.map(({ node, tree }) => this.#entries(store, node, tree)));
      const next = new Map<string, { node: DirNode; tree: string; groups: number[] }>();
      for (const { node, tree, groups: wanted } of level) {
        const entries = node.cache.get(tree)!;
        for (const index of wanted) {
          const group = this.#groups[index]!;
          const name = group.parts[node.depth]!;
          const entry = entries.get(name);
          const child = node.children.get(name);
          if (Array.isArray(child)) {
            out[index] = entry?.isBlob ? entry.oid : null;
          } else if (child !== undefined && entry?.isTree) {
            const key = `${child.path}\0${entry.oid}`;
            let step = next.get(key);
            if (step === undefined) {
              step = { node: child, tree: entry.oid, groups: [] };
              next.set(key, step);
            }
            step.groups.push(index);
          } else {
            out[index] = null;
          }
        }
      }
      level = [...next.values()];
    }
  }

  /** Reads a commit's root tree and reports whether it looks like a crates.io index root. */
  async rootShape(store: GitObjectStore, rootTree: string): Promise<RootShape> {
    const data = await store.tree(rootTree, 'the root directory');
    const shape: RootShape = { hasConfigJson: false, directories: 0, indexShapedDirectories: 0 };
    const root = this.#root;
    try {
      const entries = parseTree(
        data,
        (name) => root.children.has(name),
        (name, mode) => {
          if (name === 'config.json' && mode.startsWith('100')) shape.hasConfigJson = true;
          if ((mode === '40000' || mode === '040000') && !name.startsWith('.')) {
            shape.directories += 1;
            if (INDEX_DIRECTORY.test(name)) shape.indexShapedDirectories += 1;
          }
        },
      );
      root.cache.set(rootTree, entries); // the first resolve() at this commit needs no second read
    } catch (error) {
      throw malformed(store, rootTree, '', error);
    }
    return shape;
  }

  async #entries(store: GitObjectStore, node: DirNode, tree: string): Promise<void> {
    if (node.cache.has(tree)) return;
    const data = await store.tree(tree, node.path === '' ? 'the root directory' : `directory ${node.path}/`);
    if (node.cache.has(tree)) return; // read twice concurrently: keep the first
    let entries: Map<string, TreeEntry>;
    try {
      entries = parseTree(data, (name) => node.children.has(name));
    } catch (error) {
      throw malformed(store, tree, node.path, error);
    }
    node.cache.set(tree, entries);
  }
}

function malformed(store: GitObjectStore, tree: string, path: string, error: unknown): ResolutionError {
  const where = path === '' ? 'the root directory' : `directory ${path}/`;
  return new ResolutionError('ERR_READ', `${store.path}: tree ${tree} (${where}) is malformed: ${(error as Error).message}`, {
    details: { repository: store.path },
    hint: 'the clone is damaged: delete it and clone it again',
    cause: error,
  });
}