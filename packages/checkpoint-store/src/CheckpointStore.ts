import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { DirectoryLock, LockHolder } from '@registry-miners/directory-lock';
import { CheckpointError } from './CheckpointError.js';
import type { CheckpointStoreOptions } from './CheckpointStoreOptions.js';
import type { CommitStep } from './CommitStep.js';
import { type Connection, createConnection } from './Connection.js';
import type { EntriesOptions } from './EntriesOptions.js';
import { JournalState } from './JournalState.js';
import { decodeValue } from './jsonValue.js';
import type { LoadStep } from './LoadStep.js';
import { openDatabase } from './openDatabase.js';
import { readPage } from './readPage.js';
import { countRecords, readValue, readValues } from './readRecords.js';
import { toCheckpointError } from './toCheckpointError.js';
import { received, requireIterable, requireString } from './validate.js';

/** Rows fetched per query by entries(): bounds memory whatever the collection size. */
const PAGE_SIZE = 1000;
/** Default of the `compactAfter` option. */
const DEFAULT_COMPACT_AFTER = 400_000;

/**
 * Durable state of a long job in one directory: small named cursors and large keyed record sets,
 * written together by atomic commit() steps that survive kill -9 and power loss.
 *
 * A commit appends its changes to a journal (a few sequential pages, one fsync); every `compactAfter`
 * journaled changes they are merged into the key-ordered table in one pass. Reads see both levels.
 *
 * Files in the directory: `checkpoint.sqlite` (+ `-wal`, `-shm` while open), `lock.sqlite` and `lock.json`
 * (the writer lock and who holds it).
 *
 * This file is the public API: argument checks, the open/closed/readonly guards and error mapping.
 * The work is done by openDatabase (open, lock, schema), Connection (statements and transactions),
 * applyCommitStep / applyLoadStep (writes), compaction, JournalState (the index of the journal) and
 * readRecords / readPage (reads over both levels).
 *
 * @example
 * const store = CheckpointStore.open('state/go-miner');
 * const since = store.cursor<string>('since') ?? '2019-04-10T00:00:00Z';
 * store.commit({ put: [{ collection: 'modules', key: 'github.com/a/b', value: { version: 'v1.0.0' } }], cursors: { since: next } });
 * store.close();
 */
export class CheckpointStore {
  /** The store directory, absolute. */
  readonly dir: string;
  /** The SQLite database file. */
  readonly path: string;
  /**
   * Set when the previous writer died without close() (crash, kill -9): who it was. Its lock was released
   * by the operating system and taken over by this open(). Undefined after a clean shutdown or when readonly.
   */
  readonly staleLock: LockHolder | undefined;
  readonly #readonly: boolean;
  readonly #lock: DirectoryLock | undefined;
  readonly #compactAfter: number;
  readonly #journal = new JournalState();
  #live: Connection | undefined;

  private constructor(dir: string, path: string, db: Database.Database, lock: DirectoryLock | undefined, readonly: boolean, compactAfter: number) {
    this.dir = dir;
    this.path = path;
    this.#lock = lock;
    this.staleLock = lock?.staleHolder;
    this.#readonly = readonly;
    this.#compactAfter = compactAfter;
    this.#live = createConnection(db, this.#journal, readonly);
  }

  /**
   * Opens the store in `dir`, creating the directory and the store if needed, and takes the writer lock.
   * Checks the format marker and runs SQLite's quick_check, then indexes the journal, before returning.
   *
   * @throws CheckpointError ERR_CHECKPOINT_LOCKED (naming the holder's pid, host, since when),
   *   ERR_CHECKPOINT_CORRUPT (with a hint), ERR_CHECKPOINT_FORMAT (another tool's file, newer schema),
   *   ERR_CHECKPOINT_NOT_FOUND (readonly and no store), ERR_CHECKPOINT_IO.
   * @throws TypeError for an invalid `dir` or option.
   * @example const store = CheckpointStore.open('state/go-miner');
   */
  static open(dir: string, options: CheckpointStoreOptions = {}): CheckpointStore {
    if (typeof dir !== 'string' || dir === '') {
      throw new TypeError(`CheckpointStore.open(dir): dir must be a non-empty string, received ${received(dir)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`CheckpointStore.open(dir, options): options must be an object, received ${received(options)}`);
    }
    const { readonly = false, compactAfter = DEFAULT_COMPACT_AFTER } = options;
    if (typeof readonly !== 'boolean') {
      throw new TypeError(`CheckpointStore.open(): options.readonly must be a boolean, received ${received(readonly)}`);
    }
    if (typeof compactAfter !== 'number' || !Number.isInteger(compactAfter) || compactAfter < 1) {
      throw new TypeError(`CheckpointStore.open(): options.compactAfter must be a positive integer, received ${received(compactAfter)}`);
    }
    const absDir = resolve(dir);
    const { path, db, lock } = openDatabase(absDir, readonly);
    try {
      return new CheckpointStore(absDir, path, db, lock, readonly, compactAfter);
    } catch (error) {
      db.close();
      lock?.release();
      throw toCheckpointError(error, { dir: absDir, path, operation: 'open' });
    }
  }

  /** The value of a cursor, or undefined if it was never set (or was deleted). */
  cursor<T = unknown>(name: string): T | undefined {
    const { statements } = this.#use('cursor()');
    requireString(name, 'cursor(name): name');
    const text = this.#sql('cursor()', () => statements.getCursor.get(name)) as string | undefined;
    return text === undefined ? undefined : decodeValue<T>(text, () => `cursor ${name}`, this.dir, this.path);
  }

  /**
   * One atomic, durable step: every delete, put and cursor change of `step` is on disk when commit()
   * returns, and after a crash at any instant either all of it or none of it is there.
   * A value that JSON cannot represent throws ERR_CHECKPOINT_VALUE and nothing of the step is written.
   * Every `compactAfter` journaled changes, commit() then also merges the journal (see compact()).
   * @example store.commit({ put: records, cursors: { since: lastTimestamp } });
   */
  commit(step: CommitStep): void {
    const live = this.#writable('commit()');
    if (typeof step !== 'object' || step === null) {
      throw new TypeError(`commit(step): step must be an object { put?, delete?, cursors? }, received ${received(step)}`);
    }
    if (step.put !== undefined) requireIterable(step.put, 'commit(step): step.put');
    if (step.delete !== undefined) requireIterable(step.delete, 'commit(step): step.delete');
    if (step.cursors !== undefined && (typeof step.cursors !== 'object' || step.cursors === null)) {
      throw new TypeError(`commit(step): step.cursors must be an object, received ${received(step.cursors)}`);
    }
    const appended = this.#sql('commit()', () => live.commit.immediate(step));
    // Only now that the transaction committed: the index must never show a rolled-back row.
    this.#journal.committed(appended, live.journal);
    if (this.#journal.rows >= this.#compactAfter) {
      this.#compact(live, 'merging the journal after commit() (the step itself is committed)');
    }
  }

  /**
   * One atomic, durable step like commit(), for large loads in key order: the records of one collection
   * go straight into the key-ordered table (each B-tree leaf written once, nothing journaled) instead of
   * the journal. Keys must ascend strictly within the step (a TypeError otherwise, nothing written);
   * consecutive loads that continue where the last one ended append at the end of the tree. If the
   * journal holds changes, it is merged first (the journal must never hide a loaded record).
   * @example store.load({ collection: 'modules', put: [['a', 1], ['b', 2]], cursors: { 'load.after': 'b' } });
   */
  load(step: LoadStep): void {
    const live = this.#writable('load()');
    if (typeof step !== 'object' || step === null) {
      throw new TypeError(`load(step): step must be an object { collection, put, cursors? }, received ${received(step)}`);
    }
    requireString(step.collection, 'load(step): step.collection');
    requireIterable(step.put, 'load(step): step.put');
    if (step.cursors !== undefined && (typeof step.cursors !== 'object' || step.cursors === null)) {
      throw new TypeError(`load(step): step.cursors must be an object, received ${received(step.cursors)}`);
    }
    if (this.#journal.rows > 0) this.#compact(live, 'merging the journal before load()');
    this.#sql('load()', () => live.load.immediate(step));
  }

  /**
   * Merges the journal into the key-ordered table now, in one transaction. commit() does it by itself
   * every `compactAfter` changes; call it to leave a fully merged file, e.g. before a long read-only phase.
   */
  compact(): void {
    this.#compact(this.#writable('compact()'), 'compact()');
  }

  /** The value stored under (collection, key), or undefined. */
  get<T = unknown>(collection: string, key: string): T | undefined {
    const live = this.#use('get()');
    requireString(collection, 'get(collection, key): collection');
    requireString(key, 'get(collection, key): key');
    const text = this.#sql('get()', () => this.#read(live, () => readValue(this.#journal.pending, live.statements, collection, key)));
    return typeof text === 'string' ? decodeValue<T>(text, () => `record ${collection}/${key}`, this.dir, this.path) : undefined;
  }

  /**
   * The values of several keys, read in one transaction (a consistent snapshot), in the order of `keys`;
   * missing keys are absent from the map. Looks keys up 500 per query, in index order.
   * @example const known = store.getMany<ModuleRecord>('modules', batch.map((m) => m.path));
   */
  getMany<T = unknown>(collection: string, keys: readonly string[]): Map<string, T> {
    const live = this.#use('getMany()');
    requireString(collection, 'getMany(collection, keys): collection');
    if (!Array.isArray(keys)) throw new TypeError(`getMany(collection, keys): keys must be an array of strings, received ${received(keys)}`);
    for (const key of keys) requireString(key, 'getMany(collection, keys): every key');
    const texts = this.#sql('getMany()', () => this.#read(live, () => readValues(this.#journal.pending, live.statements, collection, keys)));
    const values = new Map<string, T>();
    for (const key of keys) {
      const text = texts.get(key);
      if (text !== undefined && !values.has(key)) {
        values.set(key, decodeValue<T>(text, () => `record ${collection}/${key}`, this.dir, this.path));
      }
    }
    return values;
  }

  /**
   * Number of records in a collection (0 for an unknown one): the merged count plus what the journal
   * changes. Each journaled key is counted once: a few microseconds per key new since the last count(),
   * or one pass over the journal for the first count() after a reopen.
   */
  count(collection: string): number {
    const live = this.#use('count()');
    requireString(collection, 'count(collection): collection');
    return this.#sql('count()', () => this.#read(live, () => countRecords(this.#journal.pending, live.statements, collection)));
  }

  /**
   * The records of a collection in key order (binary order of the UTF-8 bytes, which is code point order).
   * Fetches 1000 rows per query and holds no statement open between them, so memory stays bounded and the
   * caller may commit() while iterating: each page continues after the last key returned, so it sees
   * records committed meanwhile with larger keys and not those deleted meanwhile.
   * @example for (const [path, record] of store.entries<ModuleRecord>('modules', { after: resumeKey })) { ... }
   */
  entries<T = unknown>(collection: string, options: EntriesOptions = {}): IterableIterator<[string, T]> {
    this.#use('entries()');
    requireString(collection, 'entries(collection): collection');
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`entries(collection, options): options must be an object, received ${received(options)}`);
    }
    const { after, limit = Infinity } = options;
    if (after !== undefined) requireString(after, 'entries(): options.after');
    if (typeof limit !== 'number' || !(limit >= 0) || (limit !== Infinity && !Number.isInteger(limit))) {
      throw new TypeError(`entries(): options.limit must be a non-negative integer, received ${received(limit)}`);
    }
    return this.#pages<T>(collection, after, limit);
  }

  /**
   * Closes the database (checkpointing the WAL into the main file) and releases the lock. Idempotent;
   * any other method afterwards throws ERR_CHECKPOINT_CLOSED. The journal is kept as it is (no merge).
   */
  close(): void {
    const live = this.#live;
    if (live === undefined) return;
    this.#live = undefined;
    this.#journal.pending.clear();
    try {
      live.db.close();
    } catch (error) {
      throw toCheckpointError(error, { dir: this.dir, path: this.path, operation: 'close()' });
    } finally {
      this.#lock?.release();
    }
  }

  *#pages<T>(collection: string, after: string | undefined, limit: number): Generator<[string, T], void, undefined> {
    let last = after;
    let remaining = limit;
    while (remaining > 0) {
      const live = this.#use('entries() iteration');
      const n = Math.min(PAGE_SIZE, remaining);
      const page = this.#sql('entries()', () => this.#read(live, () => readPage(this.#journal.pending, live, collection, last, n)));
      for (const [key, text] of page.rows) {
        this.#use('entries() iteration');
        yield [key, decodeValue<T>(text, () => `record ${collection}/${key}`, this.dir, this.path)];
      }
      if (page.done) return;
      last = page.lastKey;
      remaining -= page.rows.length;
    }
  }

  #compact(live: Connection, operation: string): void {
    this.#sql(operation, () => live.compact.immediate());
    this.#journal.compacted();
  }

  /**
   * Runs a read: directly for the writer (nobody else changes the file), in one read transaction after
   * catching up with the writer for a readonly store.
   */
  #read<R>(live: Connection, run: () => R): R {
    return this.#readonly ? (live.read.deferred(run) as R) : run();
  }

  #use(operation: string): Connection {
    const live = this.#live;
    if (live === undefined) {
      throw new CheckpointError('ERR_CHECKPOINT_CLOSED', `Checkpoint store ${this.dir} is closed (${operation} after close()).`, {
        hint: 'Open it again with CheckpointStore.open() before using it.',
      });
    }
    return live;
  }

  #writable(operation: string): Connection {
    const live = this.#use(operation);
    if (this.#readonly) {
      throw new CheckpointError('ERR_CHECKPOINT_READONLY', `Checkpoint store ${this.dir} was opened readonly: ${operation} is not allowed.`, {
        hint: 'Open it without { readonly: true } to write (that takes the writer lock).',
      });
    }
    return live;
  }

  #sql<R>(operation: string, run: () => R): R {
    try {
      return run();
    } catch (error) {
      throw toCheckpointError(error, { dir: this.dir, path: this.path, operation });
    }
  }
}
