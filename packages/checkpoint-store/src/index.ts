export { CheckpointError } from './CheckpointError.js';
export type { CheckpointErrorCode, CheckpointErrorOptions } from './CheckpointError.js';
export { CheckpointStore } from './CheckpointStore.js';
export type { CheckpointStoreOptions } from './CheckpointStoreOptions.js';
export type { CommitStep, RecordKey, RecordPut } from './CommitStep.js';
export type { EntriesOptions } from './EntriesOptions.js';
export type { LoadStep } from './LoadStep.js';
export type { LockHolder } from './LockHolder.js';
export { syncDirectory } from './syncDirectory.js';
