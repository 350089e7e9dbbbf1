export { escapeModulePath } from './escapeModulePath.js';
export { escapeVersion } from './escapeVersion.js';
export { goProxyClassifier } from './goProxyClassifier.js';
export { GoProxyError } from './GoProxyError.js';
export type { GoProxyErrorCode } from './GoProxyError.js';
export { DISABLE_MODULE_FETCH_HEADERS, lookupOrigin } from './lookupOrigin.js';
export type { LookupOriginOptions } from './lookupOrigin.js';
export type { ModuleOrigin, OriginFailureCode, OriginLookup } from './OriginLookup.js';
export { DEFAULT_PROXY_URL, normaliseProxyUrl, proxyUrlFromEnv } from './proxyUrlFromEnv.js';
