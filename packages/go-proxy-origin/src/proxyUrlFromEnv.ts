import { describe } from './caseEncode.js';
import { GoProxyError } from './GoProxyError.js';

/** The public Go module proxy. */
export const DEFAULT_PROXY_URL = 'https://proxy.golang.org';

/**
 * The proxy base URL following the `GOPROXY` convention: the first entry of the comma- or
 * pipe-separated list that is neither `direct` nor `off`, trailing slashes trimmed; the public
 * proxy when `GOPROXY` is unset, empty or lists only `direct`/`off`. An explicit URL (a flag) should
 * take precedence over this; pass it through {@link normaliseProxyUrl}.
 *
 * @param env the environment to read, by default `process.env`
 * @throws GoProxyError `ERR_GOPROXY_INVALID_URL` when the chosen entry is not an absolute http(s) URL
 * @example
 * ```ts
 * proxyUrlFromEnv({ GOPROXY: 'https://goproxy.io/,direct' }); // 'https://goproxy.io'
 * const proxyUrl = argv.proxy !== undefined ? normaliseProxyUrl(argv.proxy) : proxyUrlFromEnv();
 * ```
 */
export function proxyUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  const list = env.GOPROXY ?? '';
  for (const raw of list.split(/[,|]/)) {
    const entry = raw.trim();
    if (entry === '' || entry === 'direct' || entry === 'off') continue;
    return normaliseProxyUrl(entry, 'GOPROXY entry');
  }
  return DEFAULT_PROXY_URL;
}

/**
 * Validates a proxy base URL and trims its trailing slashes (`https://proxy.golang.org/` → `https://proxy.golang.org`).
 * @throws GoProxyError `ERR_GOPROXY_INVALID_URL` naming the value
 */
export function normaliseProxyUrl(url: string, what = 'Proxy URL'): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new GoProxyError('ERR_GOPROXY_INVALID_URL', `${what} ${describe(url)} is not an absolute http(s) URL`, {
      hint: 'Use e.g. https://proxy.golang.org (file:// proxies are not supported here).',
    });
  }
  return url.replace(/\/+$/, '');
}
