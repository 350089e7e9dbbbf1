import { expect } from 'vitest';
import { CheckpointError, CheckpointStore } from '../../src/index.js';

/** The CheckpointError that opening `dir` throws; fails the test if the open succeeds. */
export function openError(dir: string): CheckpointError {
  try {
    CheckpointStore.open(dir).close();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error(`CheckpointStore.open(${dir}) succeeded where it should have been refused`);
}
