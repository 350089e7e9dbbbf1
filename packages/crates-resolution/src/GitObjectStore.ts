import type { Odb } from 'nodegit';
import { blobVersions } from './blobVersions.js';
import { loadNodeGit } from './loadNodeGit.js';
import { messageOf } from './messageOf.js';
import type { ResolutionCache } from './ResolutionCache.js';
import type { LazyRepository } from './LazyRepository.js';
import { ResolutionError } from './ResolutionError.js';

/** libgit2 object types (`git_object_t`). */
const OBJECT_TYPE_NAMES: Record<number, string> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };

/** The buffer-producing wrapper nodegit returns from `OdbObject.data()` (typed as Buffer by @types/nodegit). */
interface NativeWrapper {
  toBuffer(size: number): Buffer;
}

/**
 * Reads raw git objects of one repository through its object database (one native call per
 * object, no libgit2 object parsing), counting reads and turning every failure into a
 * {@link ResolutionError} `ERR_READ` that names the repository, the object and why it was needed.
 * With a {@link ResolutionCache}, trees and index files' version lists read once are not read again
 * (nor opened: the repository is opened, and nodegit loaded, on the first read the cache cannot answer).
 */
export class GitObjectStore {
  readonly handle: LazyRepository;
  /** The repository's git directory, used in messages. */
  readonly path: string;
  /** Objects read so far. */
  reads = 0;
  readonly cache: ResolutionCache | undefined;
  #odb: Promise<Odb> | undefined;

  constructor(handle: LazyRepository, cache?: ResolutionCache) {
    this.handle = handle;
    this.path = handle.path;
    this.cache = cache;
  }

  /** The raw tree `oid`; `what` says what it is for messages. */
  async tree(oid: string, what: string): Promise<Buffer> {
    const cached = this.cache?.tree(oid);
    if (cached !== undefined) return cached;
    const data = await this.read(oid, 'tree', what);
    this.cache?.setTree(oid, data);
    return data;
  }

  /** The versions index file `oid` lists (see blobVersions). */
  async versions(oid: string, what: string): Promise<Set<string>> {
    const cached = this.cache?.versions(oid);
    if (cached !== undefined) return cached;
    const versions = blobVersions(await this.read(oid, 'blob', what));
    this.cache?.setVersions(oid, versions);
    return versions;
  }

  /** The content of object `oid` (40 hex digits), which must be of `type`; `what` says what it is for messages. */
  async read(oid: string, type: 'tree' | 'blob', what: string): Promise<Buffer> {
    this.reads += 1;
    let data: Buffer;
    let actual: number;
    try {
      this.#odb ??= this.handle.open().then((repository) => repository.odb());
      const [NodeGit, odb] = await Promise.all([loadNodeGit(), this.#odb]);
      const object = await odb.read(NodeGit.Oid.fromString(oid));
      actual = object.type();
      data = (object.data() as unknown as NativeWrapper).toBuffer(object.size());
    } catch (error) {
      throw new ResolutionError('ERR_READ', `${this.path}: cannot read ${type} ${oid} (${what}): ${messageOf(error)}`, {
        details: { repository: this.path },
        hint: 'the clone is damaged or incomplete (a missing or corrupt object): delete it and clone it again',
        cause: error,
      });
    }
    if (OBJECT_TYPE_NAMES[actual] !== type) {
      throw new ResolutionError(
        'ERR_READ',
        `${this.path}: object ${oid} (${what}) is a ${OBJECT_TYPE_NAMES[actual] ?? `type-${actual}`} object, expected a ${type}`,
        { details: { repository: this.path }, hint: 'the clone is damaged: delete it and clone it again' },
      );
    }
    return data;
  }
}

