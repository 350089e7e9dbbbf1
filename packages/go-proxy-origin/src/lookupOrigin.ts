import { expectedTypeError } from '@registry-miners/utils';
import { HttpError } from '@registry-miners/http-pool';
import type { HttpPool, HttpResponse } from '@registry-miners/http-pool';
import { escapeModulePath } from './escapeModulePath.js';
import { escapeVersion } from './escapeVersion.js';
import { goProxyClassifier } from './goProxyClassifier.js';
import { GoProxyError } from './GoProxyError.js';
import { isFinalFailure } from './isFinalFailure.js';
import type { ModuleOrigin, OriginFailureCode, OriginLookup } from './OriginLookup.js';

/** Sent with every request: the proxy answers from its cache only, never fetching upstream for us. */
export const DISABLE_MODULE_FETCH_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'Disable-Module-Fetch': 'true' });

export interface LookupOriginOptions {
  /** Cancels the lookup: it then rejects with GoProxyError `ERR_GOPROXY_ABORTED` (never a `failed` outcome). */
  signal?: AbortSignal;
}

const MESSAGE_CHARS = 500;

/**
 * Largest `.info` / `@latest` body accepted: a few hundred bytes in practice (Version, Time, Origin);
 * 64 KiB leaves room for long Origin fields and stops a hostile body long before it hurts.
 */
export const INFO_MAX_BYTES = 64 * 1024;

type Failed = Extract<OriginLookup, { status: 'failed' }>;

/** The one way a `failed` outcome is made: {@link isFinalFailure} decides whether it is final. */
function failed(code: OriginFailureCode, reason: string, details: { httpStatus?: number | undefined; url?: string } = {}): Failed {
  const outcome: Failed = { status: 'failed', final: isFinalFailure(code, details.httpStatus), reason, code };
  if (details.httpStatus !== undefined) outcome.httpStatus = details.httpStatus;
  if (details.url !== undefined) outcome.url = details.url;
  return outcome;
}

type Fetched = { response: HttpResponse } | { failed: OriginLookup };
type Parsed = { version: string; origin: ModuleOrigin | undefined } | { failed: OriginLookup };

/**
 * Finds where a module's source lives with one request in the common case: the `.info` of
 * `newestVersion` (the newest version seen in the index), then `@latest` only when that version is
 * gone (404/410), has no `Origin` URL, or no version was given. Both paths and versions are
 * case-encoded; every request carries `Disable-Module-Fetch: true` and the {@link goProxyClassifier}
 * (so "fetch timed out", 429 and 5xx are retried by the pool, and never reported as "no origin").
 *
 * Resolves to exactly one {@link OriginLookup}; rejects only when aborted (GoProxyError
 * `ERR_GOPROXY_ABORTED`) or for invalid arguments (`TypeError`).
 *
 * @param pool the HTTP pool (retries, backoff, connection reuse)
 * @param proxyUrl proxy base URL without trailing slash, e.g. from {@link goProxyFromEnv}
 * @param path module path as in the index (`github.com/BurntSushi/toml`)
 * @param newestVersion newest version of the module seen in the index (`v1.3.2`)
 * @example
 * ```ts
 * const result = await lookupOrigin(pool, 'https://proxy.golang.org', 'go.yaml.in/yaml/v3', 'v3.0.4');
 * if (result.status === 'found') console.log(result.origin.url); // https://github.com/yaml/go-yaml
 * ```
 */
export async function lookupOrigin(
  pool: HttpPool,
  proxyUrl: string,
  path: string,
  newestVersion?: string,
  options: LookupOriginOptions = {},
): Promise<OriginLookup> {
  if (pool === null || typeof pool !== 'object' || typeof (pool as { get?: unknown }).get !== 'function') {
    throw expectedTypeError('pool', 'an HttpPool', pool);
  }
  if (newestVersion !== undefined && typeof newestVersion !== 'string') throw expectedTypeError('newestVersion', 'a string', newestVersion);
  const base = proxyBase(proxyUrl);
  const { signal } = options;

  let escapedPath: string;
  try {
    escapedPath = escapeModulePath(path);
  } catch (error) {
    return invalidInput(error);
  }

  // The version the proxy confirmed through `.info` without an Origin: reported if @latest has none either.
  let versionWithoutOrigin: string | undefined;
  if (newestVersion !== undefined) {
    let escapedVersion: string;
    try {
      escapedVersion = escapeVersion(newestVersion);
    } catch (error) {
      return invalidInput(error);
    }
    const url = `${base}/${escapedPath}/@v/${escapedVersion}.info`;
    const fetched = await request(pool, url, signal);
    if ('failed' in fetched) return fetched.failed;
    const { response } = fetched;
    if (response.status === 200) {
      const info = parseInfo(response, url, newestVersion);
      if ('failed' in info) return info.failed;
      if (info.origin !== undefined) return { status: 'found', version: info.version, source: 'info', origin: info.origin };
      versionWithoutOrigin = info.version;
    } else if (response.status !== 404 && response.status !== 410) {
      return finalStatus(response, url);
    }
  }

  const url = `${base}/${escapedPath}/@latest`;
  const fetched = await request(pool, url, signal);
  if ('failed' in fetched) return fetched.failed;
  const { response } = fetched;
  if (response.status === 200) {
    const latest = parseInfo(response, url, undefined);
    if ('failed' in latest) return latest.failed;
    if (latest.origin !== undefined) return { status: 'found', version: latest.version, source: 'latest', origin: latest.origin };
    return { status: 'no-origin', version: latest.version };
  }
  if (response.status === 404 || response.status === 410) {
    if (versionWithoutOrigin !== undefined) return { status: 'no-origin', version: versionWithoutOrigin };
    return { status: 'not-found', httpStatus: response.status, message: bodyText(response) };
  }
  return finalStatus(response, url);
}

/** The last proxy URL checked and its base: a job passes the same one for millions of lookups. */
let lastProxy: { url: string; base: string } | undefined;

/** `proxyUrl` checked (an absolute URL) and without trailing slashes; the check and the trim run once per URL. */
function proxyBase(proxyUrl: string): string {
  if (lastProxy?.url === proxyUrl) return lastProxy.base;
  if (typeof proxyUrl !== 'string' || !URL.canParse(proxyUrl)) throw expectedTypeError('proxyUrl', 'an absolute URL', proxyUrl);
  lastProxy = { url: proxyUrl, base: proxyUrl.replace(/\/+$/, '') };
  return lastProxy.base;
}

function invalidInput(error: unknown): OriginLookup {
  if (error instanceof GoProxyError && (error.code === 'ERR_GOPROXY_INVALID_PATH' || error.code === 'ERR_GOPROXY_INVALID_VERSION')) {
    return failed(error.code, error.message);
  }
  throw error;
}

async function request(pool: HttpPool, url: string, signal: AbortSignal | undefined): Promise<Fetched> {
  try {
    const response = await pool.get(url, { headers: DISABLE_MODULE_FETCH_HEADERS, classify: goProxyClassifier, maxBodyBytes: INFO_MAX_BYTES, ...(signal === undefined ? {} : { signal }) });
    return { response };
  } catch (error) {
    const pooled = error instanceof HttpError ? error : undefined;
    if (pooled?.code === 'ERR_HTTP_ABORTED' || signal?.aborted) {
      throw new GoProxyError('ERR_GOPROXY_ABORTED', `Origin lookup aborted: ${url}`, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    // The pool's messages name the URL already.
    const reason = message.includes(url) ? message : `${url}: ${message}`;
    const code = pooled?.code ?? 'ERR_GOPROXY_REQUEST';
    return { failed: failed(code, reason, { httpStatus: pooled?.status, url }) };
  }
}

function bodyText(response: HttpResponse): string {
  const text = response.text().trim();
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text;
}

function finalStatus(response: HttpResponse, url: string): OriginLookup {
  const body = bodyText(response);
  if (response.status === 400) return failed('ERR_GOPROXY_BAD_REQUEST', body || 'bad request', { httpStatus: 400, url });
  return failed('ERR_GOPROXY_HTTP_STATUS', `HTTP ${response.status}: ${body}`, { httpStatus: response.status, url });
}

/** The string fields of `Origin` that are kept. */
const ORIGIN_FIELDS = ['VCS', 'URL', 'Subdir', 'Hash', 'Ref'] as const;

/**
 * Reads a `.info`/`@latest` body: `{ Version, Time, Origin? }`, unknown fields ignored. Hot path (every
 * lookup): no closure is made per call.
 */
function parseInfo(response: HttpResponse, url: string, requestedVersion: string | undefined): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(response.text());
  } catch {
    return invalidInfo(response, url, 'invalid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalidInfo(response, url, 'not a JSON object');
  const { Version: version, Origin: origin } = value as Record<string, unknown>;
  if (version !== undefined && typeof version !== 'string') return invalidInfo(response, url, '"Version" is not a string');
  const resolvedVersion = version || requestedVersion;
  if (resolvedVersion === undefined) return invalidInfo(response, url, 'no "Version"');
  if (origin === undefined || origin === null) return { version: resolvedVersion, origin: undefined };
  if (typeof origin !== 'object' || Array.isArray(origin)) return invalidInfo(response, url, '"Origin" is not an object');
  const fields = origin as Record<string, unknown>;
  for (const name of ORIGIN_FIELDS) {
    if (fields[name] !== undefined && fields[name] !== null && typeof fields[name] !== 'string') return invalidInfo(response, url, `"Origin.${name}" is not a string`);
  }
  const originUrl = nonEmpty(fields['URL']);
  if (originUrl === undefined) return { version: resolvedVersion, origin: undefined };
  const result: ModuleOrigin = { url: originUrl };
  const vcs = nonEmpty(fields['VCS']);
  const subdir = nonEmpty(fields['Subdir']);
  const hash = nonEmpty(fields['Hash']);
  const ref = nonEmpty(fields['Ref']);
  if (vcs !== undefined) result.vcs = vcs;
  if (subdir !== undefined) result.subdir = subdir;
  if (hash !== undefined) result.hash = hash;
  if (ref !== undefined) result.ref = ref;
  return { version: resolvedVersion, origin: result };
}

function invalidInfo(response: HttpResponse, url: string, problem: string): Parsed {
  return { failed: failed('ERR_GOPROXY_INVALID_JSON', `${problem} in ${url}: ${bodyText(response).slice(0, 200)}`, { httpStatus: 200, url }) };
}

/** A field's text, or `undefined` when it is not a non-empty string. */
function nonEmpty(field: unknown): string | undefined {
  return typeof field === 'string' && field !== '' ? field : undefined;
}
