import { CheckpointError } from './CheckpointError.js';

/** Where a SQLite error happened, to name the file and the directory in the message and hint. */
export interface ErrorContext {
  /** The store directory. */
  dir: string;
  /** The SQLite file the statement ran against. */
  path: string;
  /** What we were doing, e.g. "open", "commit()". */
  operation: string;
}

function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
    return error.code;
  }
  return undefined;
}

/** The hint given for every kind of corruption. */
export function corruptionHint(dir: string, path: string): string {
  return (
    `The checkpoint cannot be trusted. Move the directory aside (mv '${dir}' '${dir}.corrupt') and run again ` +
    `to start from scratch; keep the copy to inspect '${path}' with sqlite3 (PRAGMA integrity_check).`
  );
}

/**
 * Maps a better-sqlite3 `SqliteError` to a CheckpointError (corruption, I/O); returns any other error
 * unchanged (our own CheckpointError, a TypeError for a bad argument).
 */
export function toCheckpointError(error: unknown, context: ErrorContext): unknown {
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const { dir, path, operation } = context;
  const detail = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new CheckpointError(
      'ERR_CHECKPOINT_CORRUPT',
      `Checkpoint database ${path} is corrupt (${operation}: ${code}, ${detail}).`,
      { cause: error, details: { path }, hint: corruptionHint(dir, path) },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new CheckpointError('ERR_CHECKPOINT_IO', `Disk full while writing ${path} (${operation}).`, {
      cause: error,
      details: { path },
      hint: `Free some space on the file system holding '${dir}' and run again: the last commit() was rolled back, earlier ones are safe.`,
    });
  }
  return new CheckpointError('ERR_CHECKPOINT_IO', `SQLite failed on ${path} (${operation}: ${code}, ${detail}).`, {
    cause: error,
    details: { path },
    hint: `Check that '${dir}' is on a local, writable file system with free space, then run again.`,
  });
}
