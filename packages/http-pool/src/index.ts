export { HttpPool, type HttpGetOptions } from './HttpPool.js';
export type { HttpPoolOptions } from './HttpPoolOptions.js';
export { HttpError, type HttpErrorCode, type HttpErrorDetails } from './HttpError.js';
export type { HttpResponse } from './HttpResponse.js';
export type { HttpStats, LatencyPercentiles } from './HttpStats.js';
export type { ClassifiedResponse, ResponseClassifier, ResponseVerdict } from './ResponseClassifier.js';
export { defaultClassifier } from './defaultClassifier.js';
export type { ProxySettings } from './ProxySettings.js';
export type { RetryEvent } from './RetryEvent.js';
