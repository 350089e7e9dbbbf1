import { display } from '@registry-miners/utils';
import { caseEncode } from './caseEncode.js';
import { GoProxyError } from './GoProxyError.js';

// Version characters: semantic versions (`v1.2.3-rc.1+incompatible`) and other file-name-safe text.
const VERSION = /^[A-Za-z0-9\-._~+]+$/;

/**
 * Case-encodes a version for a GOPROXY URL: `v0.1.0-M3` → `v0.1.0-!m3`. Lowercase versions come back unchanged.
 *
 * @throws GoProxyError `ERR_GOPROXY_INVALID_VERSION` naming the version, when it is empty, `.`/`..`,
 *   or contains anything but ASCII letters, digits and `-._~+` (e.g. `/`, `!`, spaces)
 * @example
 * ```ts
 * escapeVersion('v0.1.0-M3'); // 'v0.1.0-!m3'
 * ```
 */
export function escapeVersion(version: string): string {
  if (typeof version === 'string' && version !== '.' && version !== '..' && VERSION.test(version)) return caseEncode(version);
  throw invalidVersion(version);
}

/** The error for a version that {@link escapeVersion} refused, naming what is wrong. */
function invalidVersion(version: unknown): GoProxyError {
  const invalid = (problem: string): GoProxyError =>
    new GoProxyError('ERR_GOPROXY_INVALID_VERSION', `Invalid module version ${display(version)}: ${problem}`, {
      hint: 'Versions look like v1.2.3, v0.1.0-M3 or v2.0.0+incompatible.',
    });
  if (typeof version !== 'string' || version === '') return invalid('empty or not a string');
  if (version === '.' || version === '..') return invalid('not a version');
  const bad = [...version].find((char) => !VERSION.test(char)) ?? '';
  return invalid(`invalid character ${display(bad)}`);
}
