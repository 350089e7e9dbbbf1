// Whitespace, C0/C1 controls, DEL and the Unicode line/paragraph separators: none belongs in a URL,
// and the WHATWG parser silently drops some of them, so they are refused before parsing.
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;
const SCHEME_AND_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]/;

/** Longest URL accepted as a repository URL. */
export const MAX_REPOSITORY_URL_LENGTH = 2048;

/**
 * Whether `value` is usable as a repository URL: a scheme, `://` and a host (`https://github.com/x/y`,
 * `ssh://git@host/x`, `git://host/x`), no whitespace or control characters, not `file:`, at most
 * {@link MAX_REPOSITORY_URL_LENGTH} characters. The go command refuses a go-import repository
 * without a scheme or with `file:`; a host is required here too, since a repository link without one
 * points nowhere.
 *
 * @example
 * isRepositoryUrl('https://github.com/yaml/go-yaml'); // true
 * isRepositoryUrl('=HYPERLINK("https://evil.example")'); // false
 * isRepositoryUrl('github.com/yaml/go-yaml'); // false (no scheme)
 */
export function isRepositoryUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_REPOSITORY_URL_LENGTH) return false;
  if (FORBIDDEN.test(value) || !SCHEME_AND_AUTHORITY.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol !== 'file:' && url.hostname !== '';
}
