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
  const invalid = (problem: string): GoProxyError =>
    new GoProxyError('ERR_GOPROXY_INVALID_PATH', `Invalid module path ${display(path)}: ${problem}`, {
      hint: 'Module paths are slash-separated elements of ASCII letters, digits and -._~ (e.g. github.com/BurntSushi/toml).',
    });
  if (typeof path !== 'string' || path === '') throw invalid('empty or not a string');
  for (const element of path.split('/')) {
    if (element === '') throw invalid('empty path element (leading, trailing or double slash)');
    if (!ELEMENT.test(element)) {
      const bad = [...element].find((char) => !ELEMENT.test(char)) ?? '';
      throw invalid(`invalid character ${display(bad)} in element ${display(element)}`);
    }
    if (element.startsWith('.') || element.endsWith('.')) throw invalid(`element ${display(element)} starts or ends with a dot`);
  }
  return caseEncode(path);
}
