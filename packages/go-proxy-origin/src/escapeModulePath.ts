import { display } from '@registry-miners/utils';
import { caseEncode } from './caseEncode.js';
import { GoProxyError } from './GoProxyError.js';

// Module path characters (go.dev/ref/mod#go-mod-file-ident): ASCII letters, digits, `-._~`, and `/` between elements.
const ELEMENT = /^[A-Za-z0-9\-._~]+$/;

/**
 * Case-encodes a module path for a GOPROXY URL: `github.com/BurntSushi/toml` → `github.com/!burnt!sushi/toml`.
 * Already-lowercase paths come back unchanged.
 *
 * @throws GoProxyError `ERR_GOPROXY_INVALID_PATH` naming the path, when it cannot be a module path:
 *   empty, leading/trailing/double slashes, an element `.`/`..` or starting or ending with a dot,
 *   or a character other than ASCII letters, digits and `-._~` (which includes `!`, spaces and non-ASCII)
 * @example
 * ```ts
 * escapeModulePath('github.com/BurntSushi/toml'); // 'github.com/!burnt!sushi/toml'
 * ```
 */
export function escapeModulePath(path: string): string {
  if (typeof path === 'string' && isModulePath(path)) return caseEncode(path);
  throw invalidPath(path);
}

/** The rules above in one pass over the characters (every proxy request checks its path). */
function isModulePath(path: string): boolean {
  let elementStart = 0;
  for (let index = 0; index <= path.length; index++) {
    const code = index < path.length ? path.charCodeAt(index) : 47;
    if (code !== 47) {
      if (!isElementChar(code)) return false;
      continue;
    }
    if (index === elementStart || path.charCodeAt(elementStart) === 46 || path.charCodeAt(index - 1) === 46) return false;
    elementStart = index + 1;
  }
  return true;
}

/** ASCII letters, digits, `-`, `.`, `_`, `~`. */
function isElementChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45 || code === 46 || code === 95 || code === 126;
}

/** The error for a path that {@link isModulePath} refused, naming what is wrong. */
function invalidPath(path: unknown): GoProxyError {
  const invalid = (problem: string): GoProxyError =>
    new GoProxyError('ERR_GOPROXY_INVALID_PATH', `Invalid module path ${display(path)}: ${problem}`, {
      hint: 'Module paths are slash-separated elements of ASCII letters, digits and -._~ (e.g. github.com/BurntSushi/toml).',
    });
  if (typeof path !== 'string' || path === '') return invalid('empty or not a string');
  for (const element of path.split('/')) {
    if (element === '') return invalid('empty path element (leading, trailing or double slash)');
    if (!ELEMENT.test(element)) {
      const bad = [...element].find((char) => !ELEMENT.test(char)) ?? '';
      return invalid(`invalid character ${display(bad)} in element ${display(element)}`);
    }
    if (element.startsWith('.') || element.endsWith('.')) return invalid(`element ${display(element)} starts or ends with a dot`);
  }
  return invalid('not a module path');
}
