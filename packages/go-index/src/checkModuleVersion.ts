/** The longest version taken from the index (a pseudo-version with `+incompatible` is about 50 characters). */
export const MAX_MODULE_VERSION_LENGTH = 128;

/**
 * Why `version` is not a plausible module version, or `undefined`: a `v` followed by the characters of
 * semantic versions (ASCII letters, digits, `.`, `-`, `+`), at most {@link MAX_MODULE_VERSION_LENGTH}.
 * The index lists canonical versions only; this keeps control characters, separators and URL syntax of a
 * hostile index out of the state, the proxy URLs and the output.
 */
export function checkModuleVersion(version: string): string | undefined {
  if (version.length > MAX_MODULE_VERSION_LENGTH) return `longer than ${MAX_MODULE_VERSION_LENGTH} characters`;
  if (version.charCodeAt(0) !== 118) return 'does not start with "v"';
  for (let index = 1; index < version.length; index++) {
    const code = version.charCodeAt(index);
    const ok = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 46 || code === 43;
    if (!ok) return `invalid character ${JSON.stringify(version[index])}`;
  }
  return undefined;
}
