import { display } from '@registry-miners/utils';
import { GoProxyError } from './GoProxyError.js';

/** The public Go module proxy. */
export const DEFAULT_PROXY_URL = 'https://proxy.golang.org';

/** The proxy a `GOPROXY` value leads to, and what the user should know about it. */
export interface GoProxySetting {
  /** Proxy base URL without trailing slashes. */
  url: string;
  /** Set when `GOPROXY` asks for something this package does not do (`direct`), saying what happens instead. */
  warning?: string;
}

/**
 * The proxy to use according to `GOPROXY`, as the go command reads it: a comma- or pipe-separated
 * list tried in order. The first proxy URL is used. `direct` (fetch from version control) is not
 * something this package does: it is skipped with a warning, and a list of only `direct` falls back to
 * the public proxy, with a warning. `off` before any URL forbids downloads: an error, never a silent
 * fallback. Unset or empty: the public proxy. An explicit URL (a flag) should take precedence over
 * this; pass it through {@link normaliseProxyUrl}.
 *
 * @param env the environment to read, by default `process.env`
 * @throws GoProxyError `ERR_GOPROXY_OFF` when `off` comes before any URL; `ERR_GOPROXY_INVALID_URL`
 *   when the chosen entry is not an absolute http(s) URL
 * @example
 * ```ts
 * goProxyFromEnv({ GOPROXY: 'https://goproxy.io/,direct' }); // { url: 'https://goproxy.io' }
 * goProxyFromEnv({ GOPROXY: 'direct' }); // { url: 'https://proxy.golang.org', warning: 'GOPROXY=direct …' }
 * ```
 */
export function goProxyFromEnv(env: Record<string, string | undefined> = process.env): GoProxySetting {
  const list = env.GOPROXY ?? '';
  let direct = false;
  for (const raw of list.split(/[,|]/)) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry === 'direct') {
      direct = true;
      continue;
    }
    if (entry === 'off') {
      throw new GoProxyError('ERR_GOPROXY_OFF', `GOPROXY=${display(list)} turns module downloads off, so no module can be looked up.`, {
        hint: 'Unset GOPROXY, set it to a module proxy URL (e.g. https://proxy.golang.org), or pass a proxy URL explicitly.',
      });
    }
    const url = normaliseProxyUrl(entry, 'GOPROXY entry');
    if (!direct) return { url };
    return { url, warning: `GOPROXY=${display(list)}: "direct" (fetching from version control) is not supported, only the module proxy protocol; using ${url}.` };
  }
  if (!direct) return { url: DEFAULT_PROXY_URL };
  return {
    url: DEFAULT_PROXY_URL,
    warning:
      `GOPROXY=${display(list)} asks to fetch modules straight from version control, which is not supported (only the module proxy protocol is); ` +
      `using ${DEFAULT_PROXY_URL} instead. Set GOPROXY to a proxy URL to choose another.`,
  };
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
    throw new GoProxyError('ERR_GOPROXY_INVALID_URL', `${what} ${display(url)} is not an absolute http(s) URL`, {
      hint: 'Use e.g. https://proxy.golang.org (file:// proxies are not supported here).',
    });
  }
  return url.replace(/\/+$/, '');
}
