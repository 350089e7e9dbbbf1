/**
 * The longest module path taken from the index. Go sets no explicit limit, but real paths are a few
 * dozen bytes and the longest published ones a few hundred; anything near this is an attack on the
 * lookups (one proxy URL per module) and on every output row.
 */
export const MAX_MODULE_PATH_LENGTH = 512;

const WINDOWS_RESERVED = new Set(['con', 'prn', 'aux', 'nul', 'com1', 'com2', 'com3', 'com4', 'com5', 'com6', 'com7', 'com8', 'com9', 'lpt1', 'lpt2', 'lpt3', 'lpt4', 'lpt5', 'lpt6', 'lpt7', 'lpt8', 'lpt9']);

/** ASCII letters, digits and `-._~`: the characters Go allows in a module path element. */
function isPathChar(code: number, firstElement: boolean): boolean {
  if (code >= 97 && code <= 122) return true; // a-z
  if (code >= 48 && code <= 57) return true; // 0-9
  if (code === 45 || code === 46) return true; // - .
  if (firstElement) return false; // the host part: lower case letters, digits, dots and dashes only
  return (code >= 65 && code <= 90) || code === 95 || code === 126; // A-Z _ ~
}

/**
 * Why `path` is not a valid Go module path, or `undefined` when it is. The rules of the go command's
 * module path check (golang.org/x/mod `CheckPath`), without the major-version suffix rules: slash-separated
 * non-empty elements of ASCII letters, digits and `-._~`; no element starting or ending with a dot or
 * made only of dots, none a Windows reserved name; a first element of lower case letters, digits, dots
 * and dashes that contains a dot and does not start with a dash. The index only lists paths the proxy
 * accepted, so a failure means a hostile or broken index.
 */
export function checkModulePath(path: string): string | undefined {
  const bytes = Buffer.from(path, 'utf8');
  return scanModulePath(bytes, 0, bytes.length) === bytes.length ? undefined : explainInvalidPath(path);
}

/**
 * Reads a module path at `bytes[start …]` up to the first byte that cannot be part of one, or `limit`, and
 * returns where it stops; -1 when what it read breaks the rules of {@link checkModulePath}, which accepts
 * exactly the paths this reads to their end. Hot path (every index entry): one pass over the bytes where the
 * response holds them; an element is only decoded when it may be a reserved name or is invalid.
 */
export function scanModulePath(bytes: Uint8Array, start: number, limit: number): number {
  const end = Math.min(limit, start + MAX_MODULE_PATH_LENGTH + 1);
  let elementStart = start;
  let firstDot = -1;
  let first = true;
  for (let index = start; ; index++) {
    const code = index < end ? bytes[index]! : 0;
    if (code !== 47 && isPathChar(code, first)) {
      if (code === 46 && firstDot < 0) firstDot = index;
      continue;
    }
    // The end of an element: a slash, or where the path stops.
    const length = index - elementStart;
    const baseLength = (firstDot < 0 ? index : firstDot) - elementStart;
    if (
      length === 0 ||
      bytes[elementStart] === 46 ||
      bytes[index - 1] === 46 ||
      ((baseLength === 3 || baseLength === 4) && isReservedBase(bytes, elementStart, baseLength)) ||
      (first && (firstDot < 0 || bytes[elementStart] === 45))
    ) {
      if (checkElement(Buffer.from(bytes.buffer, bytes.byteOffset + elementStart, length).toString('latin1'), first) !== undefined) return -1;
    }
    if (code !== 47) return index - start > MAX_MODULE_PATH_LENGTH ? -1 : index;
    first = false;
    elementStart = index + 1;
    firstDot = -1;
  }
}

/** WINDOWS_RESERVED as numbers: a name's bytes lowered with `| 32` (see isReservedBase), packed big-endian. */
const RESERVED_CODES = new Set([...WINDOWS_RESERVED].map((name) => packLowered(Buffer.from(name, 'latin1'), 0, name.length)));

/** The `length` bytes at `start`, each lowered with `| 32` (a letter's lower case), as one number. */
function packLowered(bytes: Uint8Array, start: number, length: number): number {
  let code = 0;
  for (let index = start; index < start + length; index++) code = code * 256 + (bytes[index]! | 32);
  return code;
}

/**
 * Whether the 3 or 4 bytes at `start` spell a Windows reserved name in any case (`con`, `COM1` …): read where
 * they lie, since a short element such as `cli` or `kit` is in most paths. `| 32` only merges a path
 * character with a byte no path holds, or a letter with its other case.
 */
function isReservedBase(bytes: Uint8Array, start: number, length: number): boolean {
  return RESERVED_CODES.has(packLowered(bytes, start, length));
}

/** What is wrong with a path that {@link scanModulePath} rejected: the first problem, element by element. */
function explainInvalidPath(path: string): string {
  if (path.length > MAX_MODULE_PATH_LENGTH) return `longer than ${MAX_MODULE_PATH_LENGTH} characters`;
  for (const [index, element] of path.split('/').entries()) {
    const first = index === 0;
    for (const character of element) {
      if (character.length > 1 || !isPathChar(character.charCodeAt(0), first)) return `invalid character ${JSON.stringify(character)} in ${first ? 'the first path element' : 'a path element'}`;
    }
    const problem = checkElement(element, first);
    if (problem !== undefined) return problem;
  }
  return 'not a module path';
}

function checkElement(element: string, first: boolean): string | undefined {
  if (element === '') return 'empty path element (leading, trailing or double slash)';
  if (element.startsWith('.')) return `path element ${JSON.stringify(element)} starts with a dot`;
  if (element.endsWith('.')) return `path element ${JSON.stringify(element)} ends with a dot`;
  const dot = element.indexOf('.');
  if (WINDOWS_RESERVED.has((dot < 0 ? element : element.slice(0, dot)).toLowerCase())) return `path element ${JSON.stringify(element)} is a reserved name`;
  if (first) {
    if (dot < 0) return `no dot in the first path element ${JSON.stringify(element)}`;
    if (element.startsWith('-')) return `the first path element ${JSON.stringify(element)} starts with a dash`;
  }
  return undefined;
}
