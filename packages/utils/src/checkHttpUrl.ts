import { expectedTypeError } from './expected.js';

/**
 * `value` (a string or a `URL`) as an absolute `http:` or `https:` URL, or a `TypeError` in the one
 * message style: ``Expected `indexUrl` to be an absolute http(s) URL, got 'index.golang.org'``.
 * Returns a new `URL`, so the caller may change it without touching the one it was given.
 */
export function checkHttpUrl(name: string, value: unknown): URL {
  const text = value instanceof URL ? value.href : value;
  if (typeof text === 'string') {
    // One parse: the pool checks every request's URL (millions per job); a failure is the rare case.
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (url?.protocol === 'http:' || url?.protocol === 'https:') return url;
  }
  throw expectedTypeError(name, 'an absolute http(s) URL', value);
}
