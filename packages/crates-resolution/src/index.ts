export { entryPath } from './entryPath.js';
export { findRegistryResolution } from './findRegistryResolution.js';
export type { FindRegistryResolutionOptions } from './findRegistryResolution.js';
export type { LockPackage } from './LockPackage.js';
export type { RepositorySource } from './RepositorySource.js';
export type { Resolution } from './Resolution.js';
export { ResolutionError } from './ResolutionError.js';
export type { ResolutionErrorCode, ResolutionErrorDetails } from './ResolutionError.js';
export type { SearchEvent } from './SearchEvent.js';
