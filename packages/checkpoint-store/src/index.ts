export { CheckpointError } from './CheckpointError.js';
export type { CheckpointErrorCode, CheckpointErrorOptions } from './CheckpointError.js';
export { CheckpointStore } from './CheckpointStore.js';
export type { CheckpointStoreOptions } from './CheckpointStoreOptions.js';
export type { CommitStep, RecordKey, RecordPut } from './CommitStep.js';
export type { EntriesOptions } from './EntriesOptions.js';
export type { LoadStep } from './LoadStep.js';
export type { LockHolder } from '@registry-miners/directory-lock';
/** @deprecated Import `syncDirectorySync` from `@registry-miners/utils` (its one home); kept for go-miner until it moves. */
export { syncDirectorySync as syncDirectory } from '@registry-miners/utils';
