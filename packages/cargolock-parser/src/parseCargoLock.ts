import { display, expectedTypeError } from '@registry-miners/utils';
import { parse, TomlError } from 'smol-toml';
import type { CargoLock, CargoLockPackage, CargoLockVersion } from './CargoLock.js';
import { CargoLockError } from './CargoLockError.js';
import type { CargoLockErrorCode } from './CargoLockError.js';
import { SourceMap } from './SourceMap.js';
import type { Position } from './SourceMap.js';

export interface ParseCargoLockOptions {
  /**
   * The name errors use for this text (usually its path).
   * @default 'Cargo.lock'
   * @example parseCargoLock(text, { fileName: 'vendor/app/Cargo.lock' })
   */
  fileName?: string;
}

type Table = Record<string, unknown>;

/** Top-level keys Cargo writes into lockfiles. */
const LOCKFILE_KEYS = new Set(['version', 'package', 'root', 'metadata', 'patch']);
const HEADER_VERSIONS: ReadonlyMap<unknown, CargoLockVersion> = new Map([
  [3, 3],
  [4, 4],
]);
const GENERATE_HINT = 'regenerate it with `cargo generate-lockfile`, or pass the Cargo.lock that Cargo wrote';

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Parses the text of a Cargo.lock (formats v1 to v4) with a real TOML parser.
 *
 * Throws {@link CargoLockError} for invalid TOML, an empty file, TOML that is not a lockfile (for
 * example a Cargo.toml), an unknown `version` header, or a malformed `[[package]]` entry; the error
 * names the file, line and column. A lockfile without crates.io packages is a valid result.
 *
 * @example
 * const lock = parseCargoLock(await readFile('Cargo.lock', 'utf8'), { fileName: 'Cargo.lock' });
 * lock.version; // 3
 * cratesIoPackages(lock); // [{ name: 'serde', version: '1.0.104' }, …]
 */
export function parseCargoLock(text: string, options: ParseCargoLockOptions = {}): CargoLock {
  if (typeof text !== 'string') {
    throw expectedTypeError('text', 'the lockfile text as a string', text);
  }
  if (!isTable(options)) throw expectedTypeError('options', 'an object', options);
  const fileName = options.fileName ?? 'Cargo.lock';
  if (typeof fileName !== 'string' || fileName === '') {
    throw expectedTypeError('options.fileName', 'a non-empty string', fileName);
  }
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const map = new SourceMap(source);

  const fail = (code: CargoLockErrorCode, problem: string, at: Position | undefined, hint?: string, cause?: unknown) =>
    new CargoLockError(code, {
      file: fileName,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      problem,
      excerpt: at ? map.excerpt(at) : undefined,
      hint,
      cause,
    });

  let doc: Table;
  try {
    doc = parse(source);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document:\s*/, '') ?? error.message;
      const at = { line: error.line, column: error.column };
      throw fail('ERR_CARGOLOCK_TOML', `invalid TOML: ${reason}`, at, `the file is damaged (a merge conflict, a truncated download?); ${GENERATE_HINT}`, error);
    }
    throw fail('ERR_CARGOLOCK_TOML', `invalid TOML: ${String(error)}`, undefined, GENERATE_HINT, error);
  }

  const keys = Object.keys(doc);
  if (keys.length === 0) {
    throw fail('ERR_CARGOLOCK_EMPTY', 'the file is empty', undefined, `a Cargo.lock lists at least one [[package]]; ${GENERATE_HINT}`);
  }

  const packageValue = doc['package'];
  const rootValue = doc['root'];
  const looksLikeLockfile =
    Array.isArray(packageValue) ||
    isTable(rootValue) ||
    ('version' in doc && packageValue === undefined && keys.every((key) => LOCKFILE_KEYS.has(key)));
  if (!looksLikeLockfile) {
    if (isTable(packageValue)) {
      throw fail(
        'ERR_CARGOLOCK_NOT_A_LOCKFILE',
        'this is a Cargo.toml manifest ([package] table), not a Cargo.lock ([[package]] entries)',
        map.tableHeader('package'),
        'pass the Cargo.lock next to this Cargo.toml; if there is none, run `cargo generate-lockfile` first',
      );
    }
    throw fail(
      'ERR_CARGOLOCK_NOT_A_LOCKFILE',
      `this TOML is not a Cargo.lock: it has no [[package]] entries (top-level keys: ${keys.join(', ')})`,
      undefined,
      'pass the Cargo.lock that Cargo wrote for the project',
    );
  }

  let version: CargoLockVersion | undefined;
  if ('version' in doc) {
    version = HEADER_VERSIONS.get(doc['version']);
    if (version === undefined) {
      throw fail(
        'ERR_CARGOLOCK_UNSUPPORTED_VERSION',
        `unsupported lockfile format version = ${display(doc['version'])}`,
        map.key('version'),
        'supported formats are v1 and v2 (no version header), version = 3 and version = 4; a newer Cargo may have written this file',
      );
    }
  }

  const entries: { pkg: CargoLockPackage; label: string; at: Position | undefined }[] = [];
  if (rootValue !== undefined) {
    const at = map.tableHeader('root');
    if (!isTable(rootValue)) throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `[root] must be a table, found ${display(rootValue)}`, at);
    entries.push({ pkg: readPackage(rootValue, '[root]', at), label: '[root]', at });
  }
  if (packageValue !== undefined && !Array.isArray(packageValue)) {
    throw fail('ERR_CARGOLOCK_NOT_A_LOCKFILE', `"package" must be an array of [[package]] tables, found ${display(packageValue)}`, map.key('package'));
  }
  // An inline `package = [...]` has no headers: its position is looked up once, not per package.
  const inlinePackageAt = map.arrayHeader('package', 0) === undefined ? map.key('package') : undefined;
  (packageValue ?? []).forEach((entry: unknown, index: number) => {
    const at = map.arrayHeader('package', index) ?? inlinePackageAt;
    const label = `package #${index + 1}`;
    if (!isTable(entry)) throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `${label} must be a table, found ${display(entry)}`, at);
    entries.push({ pkg: readPackage(entry, label, at), label, at });
  });
  if (entries.length === 0) {
    throw fail('ERR_CARGOLOCK_EMPTY', 'the lockfile has no [[package]] entries', map.key('version'), `a Cargo.lock lists at least the project's own package; ${GENERATE_HINT}`);
  }

  // Cargo refuses a lockfile listing the same package twice; so do we, rather than count it twice.
  const seen = new Map<string, { label: string; at: Position | undefined }>();
  for (const { pkg, label, at } of entries) {
    const id = `${pkg.name} ${pkg.version} ${pkg.source ?? '(path)'}`;
    const first = seen.get(id);
    if (first !== undefined) {
      const where = first.at ? ` at line ${first.at.line}` : '';
      throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `${label} (${pkg.name} ${pkg.version}) is listed twice (first as ${first.label}${where})`, at, 'remove the duplicate entry (a bad merge?) or regenerate the lockfile');
    }
    seen.set(id, { label, at });
  }

  const packages = entries.map((entry) => entry.pkg);
  const inlineChecksums = packages.some((pkg) => pkg.checksum !== undefined);
  const metadataChecksums = readMetadataChecksums();
  for (const pkg of packages) {
    if (pkg.checksum !== undefined || pkg.source === undefined) continue;
    const checksum = metadataChecksums.get(`${pkg.name} ${pkg.version} (${pkg.source})`);
    // v1 wrote "<none>" for packages without a checksum (git sources).
    if (checksum !== undefined && checksum !== '<none>') pkg.checksum = checksum;
  }

  if (version === undefined) {
    // No header: v2 wrote checksums inline, v1 in [metadata] (and v1 may have a [root] package).
    // Without either (only path or git packages) the two cannot be told apart; Cargo then reads
    // the file as v1, and so do we.
    version = rootValue === undefined && metadataChecksums.size === 0 && inlineChecksums ? 2 : 1;
  }

  return { fileName, version, packages };

  function readPackage(entry: Table, label: string, at: Position | undefined): CargoLockPackage {
    const keyAt = (key: string) => (at && map.key(key, at)) ?? at;
    const requiredString = (key: 'name' | 'version'): string => {
      const value = entry[key];
      if (value === undefined) {
        const name = typeof entry['name'] === 'string' ? ` (${entry['name']})` : '';
        throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `${label}${name} has no "${key}" field`, at, `every [[package]] needs name and version; ${GENERATE_HINT}`);
      }
      if (typeof value !== 'string' || value.trim() === '') {
        throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `${label}: "${key}" must be a non-empty string, found ${display(value)}`, keyAt(key), GENERATE_HINT);
      }
      return value;
    };
    const optionalString = (key: 'source' | 'checksum'): string | undefined => {
      const value = entry[key];
      if (value === undefined) return undefined;
      if (typeof value !== 'string') {
        throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `${label}: "${key}" must be a string, found ${display(value)}`, keyAt(key), GENERATE_HINT);
      }
      return value;
    };
    const pkg: CargoLockPackage = { name: requiredString('name'), version: requiredString('version'), dependencies: [] };
    const source = optionalString('source');
    if (source !== undefined) pkg.source = source;
    const checksum = optionalString('checksum');
    if (checksum !== undefined) pkg.checksum = checksum;
    const dependencies = entry['dependencies'];
    if (dependencies !== undefined) {
      if (!Array.isArray(dependencies) || !dependencies.every((dep): dep is string => typeof dep === 'string')) {
        throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `${label} (${pkg.name}): "dependencies" must be an array of strings, found ${display(dependencies)}`, keyAt('dependencies'), GENERATE_HINT);
      }
      pkg.dependencies = [...dependencies];
    }
    return pkg;
  }

  /** v1 `[metadata]`: `"checksum NAME VERSION (SOURCE)" = "HASH"`, keyed here by `NAME VERSION (SOURCE)`. */
  function readMetadataChecksums(): Map<string, string> {
    const checksums = new Map<string, string>();
    const metadata = doc['metadata'];
    if (!isTable(metadata)) return checksums;
    const block = map.tableHeader('metadata');
    for (const [key, value] of Object.entries(metadata)) {
      if (!key.startsWith('checksum ')) continue;
      if (typeof value !== 'string') {
        throw fail('ERR_CARGOLOCK_INVALID_PACKAGE', `[metadata] "${key}" must be a string, found ${display(value)}`, (block && map.key(key, block)) ?? block, GENERATE_HINT);
      }
      checksums.set(key.slice('checksum '.length), value);
    }
    return checksums;
  }
}
