import type Database from 'better-sqlite3';
import { applyCommitStep } from './applyCommitStep.js';
import { applyLoadStep } from './applyLoadStep.js';
import type { CommitStep } from './CommitStep.js';
import { COMPACT_SQL, CREATE_COMPACTION_TABLE } from './compaction.js';
import type { JournalRow, JournalState } from './JournalState.js';
import type { LoadStep } from './LoadStep.js';
import type { JournalKeys } from './PendingIndex.js';
import { prepareStatements, type Statements } from './statements.js';

/**
 * An open store's connection: the database, its prepared statements and the transactions every
 * public method runs in. It exists from open() to close().
 */
export interface Connection {
  db: Database.Database;
  statements: Statements;
  /** How the pending index reads keys back from the journal. */
  journal: JournalKeys;
  /** Applies a step; returns the journal rows it appended. */
  commit: Database.Transaction<(step: CommitStep) => JournalRow[]>;
  load: Database.Transaction<(step: LoadStep) => void>;
  compact: Database.Transaction<() => void>;
  /** Readonly: runs a read in one transaction (a consistent snapshot), after catching up with the writer. */
  read: Database.Transaction<(run: () => unknown) => unknown>;
}

/**
 * Prepares the connection of `db`. The writer also creates its compaction table and indexes the
 * journal once into `state` (its own commits keep it current from then on).
 */
export function createConnection(db: Database.Database, state: JournalState, readonly: boolean): Connection {
  const statements = prepareStatements(db);
  const journal: JournalKeys = {
    keyOf: (seq) => statements.getJournalKey.get(seq) as string | undefined,
    sortedKeys: (collection) => statements.journalKeys.all(collection) as string[],
  };
  const connection: Connection = {
    db,
    statements,
    journal,
    commit: db.transaction((step: CommitStep) => applyCommitStep(statements, step)),
    load: db.transaction((step: LoadStep) => applyLoadStep(statements, step)),
    compact: db.transaction(() => {
      db.exec(COMPACT_SQL);
    }),
    read: db.transaction((run: () => unknown) => {
      state.catchUp(statements, journal);
      return run();
    }),
  };
  if (!readonly) {
    db.exec(CREATE_COMPACTION_TABLE);
    state.catchUp(statements, journal);
    state.rows = statements.journalRows.get() as number;
  }
  return connection;
}
