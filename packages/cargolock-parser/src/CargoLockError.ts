import { RegistryMinersError } from '@registry-miners/utils';

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

/** Where in the lockfile the problem is: {@link CargoLockError}'s `details`. */
export interface CargoLockErrorDetails {
  /** The file name shown to the user (the path given to `readCargoLock`, or `options.fileName`). */
  file: string;
  /** 1-based line of the problem, when known. */
  line?: number | undefined;
  /** 1-based column of the problem, when known. */
  column?: number | undefined;
  /** What is wrong, in one sentence (the message without the location and excerpt). */
  problem: string;
  /** Lines of the file around the problem, already formatted. */
  excerpt?: string | undefined;
}

/** What {@link CargoLockError}'s constructor takes: the details, the hint and the cause. */
export interface CargoLockErrorOptions extends CargoLockErrorDetails {
  /** What to do about it; kept in `hint`, never in the message. */
  hint?: string | undefined;
  cause?: unknown;
}

/**
 * The one error thrown by this package. The message reads `file:line:column: problem`, then the
 * offending lines when known; the hint is beside it (`error.hint`), the location in `error.details`.
 */
export class CargoLockError extends RegistryMinersError<CargoLockErrorCode, CargoLockErrorDetails> {
  override name = 'CargoLockError';
  declare readonly details: CargoLockErrorDetails;

  constructor(code: CargoLockErrorCode, options: CargoLockErrorOptions) {
    const { hint, cause, ...details } = options;
    const where = [details.file, details.line, details.line === undefined ? undefined : details.column]
      .filter((part) => part !== undefined)
      .join(':');
    let message = `${where}: ${details.problem}`;
    if (details.excerpt) message += `\n\n${details.excerpt.trimEnd()}\n`;
    super(code, message, { hint, cause, details });
  }
}
