import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CheckpointError } from './CheckpointError.js';
import type { CheckpointStoreOptions } from './CheckpointStoreOptions.js';
import { checkIntegrity } from './checkIntegrity.js';
import { compareKeys } from './compareKeys.js';
import type { CommitStep, RecordKey, RecordPut } from './CommitStep.js';
import type { EntriesOptions } from './EntriesOptions.js';
import type { LoadStep } from './LoadStep.js';
import { decodeValue, encodeValue } from './jsonValue.js';
import type { DirectoryLock } from '@registry-miners/directory-lock';
import { acquireWriterLock } from './acquireWriterLock.js';
import type { LockHolder } from '@registry-miners/directory-lock';
import { type JournalKeys, type PendingChange, PendingIndex } from './PendingIndex.js';
import { createSchema, DATABASE_FILE, readSchemaState } from './schema.js';
import {
  COMPACT_SQL,
  CREATE_COMPACTION_TABLE,
  JOURNAL_ROWS_PER_INSERT,
  LOOKUP_CHUNK,
  prepareStatements,
  type Statements,
} from './statements.js';
import { syncDirectorySync } from '@registry-miners/utils';
import { toCheckpointError } from './toCheckpointError.js';
import { received, requireIterable, requireString } from './validate.js';

/** Rows fetched per query by entries(): bounds memory whatever the collection size. */
const PAGE_SIZE = 1000;
/** Journal rows read per query when indexing the journal (at open, or a reader catching up). */
const INDEX_CHUNK = 10_000;
/** How long a readonly reader waits if the writer is busy recovering the WAL (rare, brief). */
const BUSY_TIMEOUT_MS = 5000;
/**
 * SQLite page cache of the database, in KiB: holds every interior B-tree page of a few million records
 * (about 3 MiB at 2.5 M), so a lookup reads at most its leaf from the operating system. It is also the
 * memory budget of SQLite's sorter (compaction), beyond which it spills to temporary files.
 */
const CACHE_KIB = 8 * 1024;
/** Page cache of the TEMP database (compaction's `latest` table), in KiB; it spills to a temporary file beyond. */
const TEMP_CACHE_KIB = 4 * 1024;
/**
 * Checkpoint the WAL into the database file once it holds this many 4 KiB pages (64 MiB) rather than
 * SQLite's 1000: fewer, larger checkpoints, each copying pages in page order.
 */
const WAL_AUTOCHECKPOINT_PAGES = 16_384;
/** After a checkpoint, truncate the WAL file back to this size so it does not keep its peak size on disk. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** Default of the `compactAfter` option. */
const DEFAULT_COMPACT_AFTER = 400_000;

interface Live {
  db: Database.Database;
  statements: Statements;
  /** How the pending index reads keys back from the journal. */
  journal: JournalKeys;
  /** Applies a step; returns the journal rows it appended as [collection, key, seq, live]. */
  commit: Database.Transaction<(step: CommitStep) => JournalRow[]>;
  load: Database.Transaction<(step: LoadStep) => void>;
  compact: Database.Transaction<() => void>;
  /** Readonly: runs a read in one transaction (a consistent snapshot), after catching up with the writer. */
  read: Database.Transaction<(run: () => unknown) => unknown>;
}

type JournalRow = [collection: string, key: string, seq: number, live: boolean];

/** One page of entries(): merged rows, the last key looked at, and whether both levels are exhausted. */
interface Page {
  rows: [string, string][];
  lastKey: string | undefined;
  done: boolean;
}

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
  readonly #pending = new PendingIndex();
  #live: Live | undefined;
  /** Rows in the journal (the writer's count, to know when to compact). */
  #journalRows = 0;
  /** The compaction generation and the last journal row the pending index reflects (readers catch up). */
  #generation = -1;
  #lastSeq = 0;

  private constructor(
    dir: string,
    path: string,
    db: Database.Database,
    lock: DirectoryLock | undefined,
    readonly: boolean,
    compactAfter: number,
  ) {
    this.dir = dir;
    this.path = path;
    this.#lock = lock;
    this.staleLock = lock?.staleHolder;
    this.#readonly = readonly;
    this.#compactAfter = compactAfter;
    const statements = prepareStatements(db);
    this.#live = {
      db,
      statements,
      journal: {
        keyOf: (seq) => statements.getJournalKey.get(seq) as string | undefined,
        sortedKeys: (collection) => statements.journalKeys.all(collection) as string[],
      },
      commit: db.transaction((step: CommitStep) => this.#apply(statements, step)),
      load: db.transaction((step: LoadStep) => this.#applyLoad(statements, step)),
      compact: db.transaction(() => {
        db.exec(COMPACT_SQL);
      }),
      read: db.transaction((run: () => unknown) => {
        this.#catchUp(statements);
        return run();
      }),
    };
    if (!readonly) {
      db.exec(CREATE_COMPACTION_TABLE);
      // The writer indexes the journal once; from then on its own commits keep the index current.
      this.#catchUp(statements);
      this.#journalRows = statements.journalRows.get() as number;
    }
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
    const path = join(absDir, DATABASE_FILE);
    if (readonly) {
      if (!existsSync(path)) throw notFound(absDir, path);
    } else {
      try {
        mkdirSync(absDir, { recursive: true });
      } catch (error) {
        throw new CheckpointError('ERR_CHECKPOINT_IO', `Cannot create the checkpoint directory ${absDir}.`, {
          cause: error,
          path: absDir,
          hint: 'Check the path (is a parent a file?) and the permissions.',
        });
      }
    }
    const lock = readonly ? undefined : acquireWriterLock(absDir);
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
      const state = readSchemaState(db, absDir, path);
      if (state === 'empty') {
        if (readonly) throw notFound(absDir, path);
        db.pragma('page_size = 4096');
      }
      if (!readonly) {
        // Persistent in the file; setting it again is a no-op. Readers never block the writer, and a commit
        // is one sequential append to the WAL.
        db.pragma('journal_mode = WAL');
        // FULL: the WAL is fsynced by every commit, so a commit that returned survives power loss.
        // (NORMAL would only promise consistency; the last commits could be lost.)
        db.pragma('synchronous = FULL');
        db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
        db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
      }
      db.pragma(`cache_size = -${CACHE_KIB}`);
      db.pragma(`temp.cache_size = -${TEMP_CACHE_KIB}`);
      if (state === 'empty') {
        createSchema(db);
        syncDirectorySync(absDir);
      }
      checkIntegrity(db, absDir, path);
      return new CheckpointStore(absDir, path, db, lock, readonly, compactAfter);
    } catch (error) {
      try {
        db?.close();
      } catch {
        // Already failing: report the first error.
      }
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
    for (const [collection, key, seq, isLive] of appended) this.#pending.add(collection, key, seq, isLive, live.journal);
    const lastRow = appended.at(-1);
    if (lastRow !== undefined) this.#lastSeq = lastRow[2];
    this.#journalRows += appended.length;
    if (this.#journalRows >= this.#compactAfter) {
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
    if (this.#journalRows > 0) this.#compact(live, 'merging the journal before load()');
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
    const text = this.#sql('get()', () => this.#read(live, () => this.#valueOf(live.statements, collection, key)));
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
    const { statements } = live;
    const texts = this.#sql('getMany()', () =>
      this.#read(live, () => {
        const inRecords: string[] = [];
        const journaled: [string, PendingChange][] = [];
        for (const key of keys) {
          const change = this.#pending.lookup(collection, key);
          if (change === undefined) inRecords.push(key);
          else journaled.push([key, change]);
        }
        const rows = journalRows(statements, journaled.map(([, change]) => change.seq));
        const found = new Map<string, string>();
        for (const [key, change] of journaled) {
          const row = rows.get(change.seq);
          if (row === undefined || row[0] !== key) inRecords.push(key); // another key with the same hash
          else if (row[1] !== null) found.set(key, row[1]);
        }
        for (const [key, text] of recordValues(statements, collection, inRecords)) found.set(key, text);
        return found;
      }),
    );
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
    const { getMergedCount, hasRecord, countJournal } = live.statements;
    return this.#sql('count()', () =>
      this.#read(live, () => {
        const merged = (getMergedCount.get(collection) as number | undefined) ?? 0;
        const delta = this.#pending.countDelta(
          collection,
          (key) => hasRecord.get(collection, key) !== undefined,
          () => countJournal.get({ collection }) as number,
        );
        return merged + delta;
      }),
    );
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
    this.#pending.clear();
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
      const page = this.#sql('entries()', () => this.#read(live, () => this.#page(live, collection, last, n)));
      for (const [key, text] of page.rows) {
        this.#use('entries() iteration');
        yield [key, decodeValue<T>(text, () => `record ${collection}/${key}`, this.dir, this.path)];
      }
      if (page.done) return;
      last = page.lastKey;
      remaining -= page.rows.length;
    }
  }

  /**
   * Up to `limit` records after `after`, merging a page of the merged table with the journaled keys in the
   * same range (the journal wins; its deletes hide merged rows). Stops where either side's page ends, so no
   * key of the other side is skipped.
   */
  #page(live: Live, collection: string, after: string | undefined, limit: number): Page {
    const { statements, journal } = live;
    const merged = (
      after === undefined ? statements.firstPage.all(collection, limit) : statements.nextPage.all(collection, after, limit)
    ) as [string, string][];
    const journaled = this.#pending.keysAfter(collection, after, limit, journal);
    const mergedFull = merged.length === limit;
    const journaledFull = journaled.length === limit;
    // In key order: a merged row's JSON text, or the seq of a journal row whose value is fetched below.
    const picked: [string, string | number][] = [];
    let lastKey = after;
    let done = false;
    let i = 0;
    let j = 0;
    while (picked.length < limit) {
      const row = merged[i];
      const key = journaled[j];
      if ((row === undefined && mergedFull) || (key === undefined && journaledFull)) break;
      if (row === undefined && key === undefined) {
        done = true;
        break;
      }
      const order = row === undefined ? 1 : key === undefined ? -1 : compareKeys(row[0], key);
      if (order < 0 && row !== undefined) {
        picked.push(row);
        lastKey = row[0];
        i += 1;
        continue;
      }
      if (order === 0) i += 1; // the journal's change replaces the merged row
      // `key` comes from the journal itself, so the change found is its own even when found by hash.
      const change = this.#pending.lookup(collection, key as string);
      if (change?.live) picked.push([key as string, change.seq]);
      lastKey = key;
      j += 1;
    }
    const seqs: number[] = [];
    for (const [, value] of picked) if (typeof value === 'number') seqs.push(value);
    if (seqs.length === 0) return { rows: picked as [string, string][], lastKey, done };
    const bySeq = journalRows(statements, seqs);
    const rows: [string, string][] = [];
    for (const entry of picked) {
      const text = typeof entry[1] === 'number' ? bySeq.get(entry[1])?.[1] : entry[1];
      if (typeof text !== 'string') continue; // cannot happen: the index and the journal are read in one snapshot
      entry[1] = text;
      rows.push(entry as [string, string]);
    }
    return { rows, lastKey, done };
  }

  /** Current JSON text of a record: its latest journal change, else the merged table. */
  #valueOf(statements: Statements, collection: string, key: string): string | undefined {
    const change = this.#pending.lookup(collection, key);
    if (change !== undefined) {
      const row = statements.getJournalRow.get(change.seq) as [string, string | null] | undefined;
      // Found by hash, the change may be another key's: then this key is not in the journal.
      if (row !== undefined && (change.exact || row[0] === key)) return row[1] ?? undefined;
    }
    const text = statements.getRecord.get(collection, key);
    return typeof text === 'string' ? text : undefined;
  }

  #apply(statements: Statements, step: CommitStep): JournalRow[] {
    const { appendJournal, appendJournalRows } = statements;
    const appended: JournalRow[] = [];
    // Rows go to the journal JOURNAL_ROWS_PER_INSERT at a time; rowids (seq) are consecutive within an INSERT.
    const buffer: (string | null)[] = [];
    const flush = (): void => {
      const n = buffer.length / 3;
      let lastSeq = 0;
      if (n === JOURNAL_ROWS_PER_INSERT) {
        lastSeq = Number(appendJournalRows.run(buffer).lastInsertRowid);
      } else {
        for (let r = 0; r < n; r += 1) {
          lastSeq = Number(appendJournal.run(buffer[3 * r] as string, buffer[3 * r + 1] as string, buffer[3 * r + 2] ?? null).lastInsertRowid);
        }
      }
      for (let r = 0; r < n; r += 1) {
        appended.push([buffer[3 * r] as string, buffer[3 * r + 1] as string, lastSeq - n + 1 + r, buffer[3 * r + 2] !== null]);
      }
      buffer.length = 0;
    };
    const append = (collection: string, key: string, value: string | null): void => {
      buffer.push(collection, key, value);
      if (buffer.length === 3 * JOURNAL_ROWS_PER_INSERT) flush();
    };
    if (step.delete !== undefined) {
      for (const item of step.delete) {
        requireRecordKey(item, 'step.delete');
        append(item.collection, item.key, null);
      }
    }
    if (step.put !== undefined) {
      for (const item of step.put) {
        requireRecordKey(item, 'step.put');
        const { collection, key } = item;
        append(collection, key, encodeValue((item as RecordPut).value, () => `record ${collection}/${key}`));
      }
    }
    flush();
    applyCursors(statements, step.cursors);
    return appended;
  }

  /** The body of load(): upserts in key order into `records`, counting the keys added. */
  #applyLoad(statements: Statements, step: LoadStep): void {
    const { collection } = step;
    let previous: string | undefined;
    let added = 0;
    for (const pair of step.put) {
      const [key, value] = pair;
      requireString(key, 'load(step): every key of step.put');
      if (previous !== undefined && compareKeys(previous, key) >= 0) {
        throw new TypeError(`load(step): step.put must be in strictly ascending key order, received ${received(key)} after ${received(previous)}`);
      }
      previous = key;
      const text = encodeValue(value, () => `record ${collection}/${key}`);
      if (statements.insertRecord.run(collection, key, text).changes === 1) added += 1;
      else statements.updateRecord.run(text, collection, key);
    }
    if (added > 0) statements.addToCount.run(collection, added);
    applyCursors(statements, step.cursors);
  }

  #compact(live: Live, operation: string): void {
    this.#sql(operation, () => live.compact.immediate());
    this.#pending.clear();
    this.#journalRows = 0;
    this.#lastSeq = 0;
    this.#generation += 1;
  }

  /**
   * Runs a read: directly for the writer (nobody else changes the file), in one read transaction after
   * catching up with the writer for a readonly store.
   */
  #read<R>(live: Live, run: () => R): R {
    return this.#readonly ? (live.read.deferred(run) as R) : run();
  }

  /**
   * Brings the pending index up to date with the journal: all of it at open, then (readonly) what the
   * writer appended since, or all of it again after the writer compacted (a new generation).
   */
  #catchUp(statements: Statements): void {
    const generation = statements.generation.get() as number;
    if (generation !== this.#generation) {
      this.#pending.clear();
      this.#generation = generation;
      this.#lastSeq = 0;
    }
    const live = this.#use('reading the journal');
    for (;;) {
      // In chunks, not with an open iterator: add() reads the journal too.
      const rows = statements.journalAfter.all(this.#lastSeq, INDEX_CHUNK) as [number, string, string, number][];
      for (const [seq, collection, key, isLive] of rows) this.#pending.add(collection, key, seq, isLive === 1, live.journal);
      const last = rows.at(-1);
      if (last !== undefined) this.#lastSeq = last[0];
      if (rows.length < INDEX_CHUNK) return;
    }
  }

  #use(operation: string): Live {
    const live = this.#live;
    if (live === undefined) {
      throw new CheckpointError('ERR_CHECKPOINT_CLOSED', `Checkpoint store ${this.dir} is closed (${operation} after close()).`, {
        hint: 'Open it again with CheckpointStore.open() before using it.',
      });
    }
    return live;
  }

  #writable(operation: string): Live {
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

/** Sets (or, for `undefined`, deletes) named cursors inside the caller's transaction. */
function applyCursors(statements: Statements, cursors: Record<string, unknown> | undefined): void {
  if (cursors === undefined) return;
  for (const name of Object.keys(cursors)) {
    const value = cursors[name];
    if (value === undefined) statements.deleteCursor.run(name);
    else statements.setCursor.run(name, encodeValue(value, () => `cursor ${name}`));
  }
}

function notFound(dir: string, path: string): CheckpointError {
  return new CheckpointError('ERR_CHECKPOINT_NOT_FOUND', `No checkpoint store in ${dir} (${path} is missing or empty).`, {
    path,
    hint: 'Check the directory, or open it without { readonly: true } to create the store.',
  });
}

function requireRecordKey(item: unknown, where: string): asserts item is RecordKey {
  if (typeof item !== 'object' || item === null) {
    throw new TypeError(`commit(step): every item of ${where} must be an object { collection, key }, received ${received(item)}`);
  }
  const { collection, key } = item as Partial<RecordKey>;
  requireString(collection, `commit(step): ${where}[].collection`);
  requireString(key, `commit(step): ${where}[].key`);
}

/** [key, value] of journal rows by seq (value null for a delete), LOOKUP_CHUNK per query. */
function journalRows(statements: Statements, seqs: readonly number[]): Map<number, [string, string | null]> {
  const rows = new Map<number, [string, string | null]>();
  for (let start = 0; start < seqs.length; start += LOOKUP_CHUNK) {
    const chunk = seqs.slice(start, start + LOOKUP_CHUNK);
    while (chunk.length < LOOKUP_CHUNK) chunk.push(0);
    for (const [seq, key, value] of statements.getJournalValues.all(chunk) as [number, string, string | null][]) {
      rows.set(seq, [key, value]);
    }
  }
  return rows;
}

/** JSON text of records of the merged table by key, LOOKUP_CHUNK per query. */
function recordValues(statements: Statements, collection: string, keys: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let start = 0; start < keys.length; start += LOOKUP_CHUNK) {
    const chunk = keys.slice(start, start + LOOKUP_CHUNK);
    const filler = chunk[0] as string;
    while (chunk.length < LOOKUP_CHUNK) chunk.push(filler);
    for (const [key, text] of statements.getRecords.all([collection, ...chunk]) as [string, string][]) values.set(key, text);
  }
  return values;
}
