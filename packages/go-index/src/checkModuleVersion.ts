/** The longest version taken from the index (a pseudo-version with `+incompatible` is about 50 characters). */
export const MAX_MODULE_VERSION_LENGTH = 128;

/**
 * Why `version` is not a plausible module version, or `undefined`: a `v` followed by the characters of
 * semantic versions (ASCII letters, digits, `.`, `-`, `+`), at most {@link MAX_MODULE_VERSION_LENGTH}.
 * The index lists canonical versions only; this keeps control characters, separators and URL syntax of a
 * hostile index out of the state, the proxy URLs and the output.
 */
export function checkModuleVersion(version: string): string | undefined {
  const bytes = Buffer.from(version, 'utf8');
  return scanModuleVersion(bytes, 0, bytes.length) === bytes.length ? undefined : explainInvalidVersion(version);
}

/** What is wrong with a version that {@link scanModuleVersion} rejected. */
function explainInvalidVersion(version: string): string {
  if (version.length > MAX_MODULE_VERSION_LENGTH) return `longer than ${MAX_MODULE_VERSION_LENGTH} characters`;
  if (!version.startsWith('v')) return 'does not start with "v"';
  const character = [...version.slice(1)].find((text) => text.length > 1 || !isVersionChar(text.charCodeAt(0)));
  return `invalid character ${JSON.stringify(character)}`;
}

/**
 * Reads a version at `bytes[start …]` up to the first byte that cannot be part of one, or `limit`, and
 * returns where it stops; -1 when it does not start with `v` or is too long. {@link checkModuleVersion}
 * accepts exactly the versions this reads to their end.
 */
export function scanModuleVersion(bytes: Uint8Array, start: number, limit: number): number {
  if (start >= limit || bytes[start] !== 118) return -1;
  const end = Math.min(limit, start + MAX_MODULE_VERSION_LENGTH + 1);
  let index = start + 1;
  while (index < end && isVersionChar(bytes[index]!)) index++;
  return index - start > MAX_MODULE_VERSION_LENGTH ? -1 : index;
}

/** ASCII letters, digits, `.`, `-` and `+`. */
function isVersionChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 46 || code === 43;
}
