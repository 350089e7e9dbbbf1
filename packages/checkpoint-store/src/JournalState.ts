import { type JournalKeys, PendingIndex } from './PendingIndex.js';
import type { Statements } from './statements.js';

/** Journal rows read per query when indexing the journal (at open, or a reader catching up). */
const INDEX_CHUNK = 10_000;

/** A journal row appended by a commit: [collection, key, seq, live]. */
export type JournalRow = [collection: string, key: string, seq: number, live: boolean];

/**
 * What one connection knows of the journal: the {@link PendingIndex} of every journaled key, kept in
 * step with the file.
 * - The writer indexes the journal once at open; then its own commits keep the index current
 *   ({@link committed}) and compaction empties it ({@link compacted}).
 * - A readonly reader catches up before every read with what the writer appended since, or reloads it
 *   all when the writer compacted meanwhile (a new `meta.generation`).
 */
export class JournalState {
  readonly pending = new PendingIndex();
  /** Rows in the journal (the writer's count, to know when to compact). */
  rows = 0;
  /** The compaction generation and the last journal row the pending index reflects. */
  #generation = -1;
  #lastSeq = 0;

  /** Brings the index up to date with the journal. */
  catchUp(statements: Statements, journal: JournalKeys): void {
    const generation = statements.generation.get() as number;
    if (generation !== this.#generation) {
      this.pending.clear();
      this.#generation = generation;
      this.#lastSeq = 0;
    }
    for (;;) {
      // In chunks, not with an open iterator: add() reads the journal too.
      const rows = statements.journalAfter.all(this.#lastSeq, INDEX_CHUNK) as [number, string, string, number][];
      for (const [seq, collection, key, isLive] of rows) this.pending.add(collection, key, seq, isLive === 1, journal);
      const last = rows.at(-1);
      if (last !== undefined) this.#lastSeq = last[0];
      if (rows.length < INDEX_CHUNK) return;
    }
  }

  /** Adds the rows of a committed transaction (only once committed: the index must never show a rolled-back row). */
  committed(appended: readonly JournalRow[], journal: JournalKeys): void {
    for (const [collection, key, seq, isLive] of appended) this.pending.add(collection, key, seq, isLive, journal);
    const lastRow = appended.at(-1);
    if (lastRow !== undefined) this.#lastSeq = lastRow[2];
    this.rows += appended.length;
  }

  /** The journal was merged and emptied by this connection. */
  compacted(): void {
    this.pending.clear();
    this.rows = 0;
    this.#lastSeq = 0;
    this.#generation += 1;
  }
}
