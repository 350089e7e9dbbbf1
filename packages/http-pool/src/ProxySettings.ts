import { checkHttpUrl, expectedTypeError } from '@registry-miners/utils';

/** Where requests go through: a forward proxy per scheme, and the hosts that bypass it. */
export interface ProxySettings {
  /** Proxy for `http:` URLs, e.g. `http://proxy.corp:3128`. */
  httpProxy?: string | undefined;
  /** Proxy for `https:` URLs (falls back to `httpProxy`). */
  httpsProxy?: string | undefined;
  /** Hosts reached directly: comma-separated names, `.suffix`es, `host:port`, or `*` for all. */
  noProxy?: string | undefined;
}

/** The proxy settings in effect, and where they came from, for hints. */
export interface ResolvedProxy {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string;
  /** e.g. `HTTPS_PROXY=http://proxy.corp:3128`, or `no proxy` */
  description: string;
}

/** The variables curl, git and Go read, lower case first as they do. */
function fromEnv(env: NodeJS.ProcessEnv): ProxySettings {
  return {
    httpProxy: env.http_proxy || env.HTTP_PROXY || undefined,
    httpsProxy: env.https_proxy || env.HTTPS_PROXY || undefined,
    noProxy: env.no_proxy || env.NO_PROXY || undefined,
  };
}

function checkProxyUrl(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  checkHttpUrl(name, value);
  return value as string;
}

/**
 * The proxy option resolved: `'env'` reads `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (or their lower
 * case forms) once, `false` means none, an object gives them explicitly. `undefined` when no request
 * would go through a proxy, so the pool keeps its plain, cheaper dispatcher.
 */
export function resolveProxy(option: 'env' | false | ProxySettings, env: NodeJS.ProcessEnv = process.env): ResolvedProxy | undefined {
  if (option === false) return undefined;
  if (option !== 'env' && (typeof option !== 'object' || option === null)) {
    throw expectedTypeError('proxy', "'env', false or { httpProxy, httpsProxy, noProxy }", option);
  }
  const settings = option === 'env' ? fromEnv(env) : option;
  const httpProxy = checkProxyUrl(option === 'env' ? 'HTTP_PROXY' : 'httpProxy', settings.httpProxy);
  const httpsProxy = checkProxyUrl(option === 'env' ? 'HTTPS_PROXY' : 'httpsProxy', settings.httpsProxy);
  if (httpProxy === undefined && httpsProxy === undefined) return undefined;
  const noProxy = settings.noProxy ?? '';
  if (typeof noProxy !== 'string') throw expectedTypeError('noProxy', 'a string', noProxy);
  const names = option === 'env' ? { http: 'HTTP_PROXY', https: 'HTTPS_PROXY', no: 'NO_PROXY' } : { http: 'httpProxy', https: 'httpsProxy', no: 'noProxy' };
  const parts = [
    httpsProxy === undefined ? undefined : `${names.https}=${redact(httpsProxy)}`,
    httpProxy === undefined ? undefined : `${names.http}=${redact(httpProxy)}`,
    noProxy === '' ? undefined : `${names.no}=${noProxy}`,
  ];
  return { httpProxy, httpsProxy, noProxy, description: parts.filter((part) => part !== undefined).join(' ') };
}

/** A proxy URL without its password, for messages. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password === '') return url;
  parsed.password = '***';
  return parsed.href;
}
