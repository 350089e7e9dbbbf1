/**
 * The light entry point (`@registry-miners/crates-batch/failure`): classifying failures and parsing
 * inputs without loading nodegit or the search, for a CLI that must fail fast on bad input.
 */
export { parsePublishedTime } from './parsePublishedTime.js';
export { classifyResolutionFailure } from './ResolutionFailure.js';
export type { ResolutionFailure, ResolutionFailureKind } from './ResolutionFailure.js';
export { ResolutionInputError } from './ResolutionInputError.js';
export type { ResolutionInputErrorCode } from './ResolutionInputError.js';
export { resolutionJson, rfc3339Utc } from './resolutionJson.js';
export type { ResolutionJson } from './resolutionJson.js';
