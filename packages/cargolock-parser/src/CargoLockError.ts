/** Stable codes of {@link CargoLockError}; callers match on these. */
export type CargoLockErrorCode =
  /** The file could not be read (missing, a directory, no permission). */
  | 'ERR_CARGOLOCK_READ'
  /** The text is not valid TOML. */
  | 'ERR_CARGOLOCK_TOML'
  /** The file is empty, or a lockfile header with no `[[package]]` entries. */
  | 'ERR_CARGOLOCK_EMPTY'
  /** Valid TOML, but not a Cargo.lock (e.g. a Cargo.toml). */
  | 'ERR_CARGOLOCK_NOT_A_LOCKFILE'
  /** A `version = N` header this parser does not know. */
  | 'ERR_CARGOLOCK_UNSUPPORTED_VERSION'
  /** A `[[package]]` entry (or its `[metadata]` checksum) is missing a field or has a wrong type. */
  | 'ERR_CARGOLOCK_INVALID_PACKAGE';

export interface CargoLockErrorDetails {
  /** The file name shown to the user (the path given to `readCargoLock`, or `options.fileName`). */
  file: string;
  /** 1-based line of the problem, when known. */
  line?: number;
  /** 1-based column of the problem, when known. */
  column?: number;
  /** What is wrong, in one sentence. */
  problem: string;
  /** What to do about it. */
  hint?: string;
  /** Lines of the file around the problem, already formatted. */
  excerpt?: string;
  cause?: unknown;
}

/**
 * The one error thrown by this package. The message reads `file:line:column: problem`, then the
 * offending lines when known, then the hint.
 */
export class CargoLockError extends Error {
  override readonly name = 'CargoLockError';
  readonly code: CargoLockErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;

  constructor(code: CargoLockErrorCode, details: CargoLockErrorDetails) {
    const where = [details.file, details.line, details.line === undefined ? undefined : details.column]
      .filter((part) => part !== undefined)
      .join(':');
    let message = `${where}: ${details.problem}`;
    if (details.excerpt) message += `\n\n${details.excerpt.trimEnd()}\n`;
    if (details.hint) message += `\nHint: ${details.hint}`;
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
  }
}
