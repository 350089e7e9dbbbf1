import { afterAll, beforeAll } from 'vitest';
import { startFakeGoRegistry, type FakeGoRegistry, type SyntheticGoDataset } from '../src/index.js';

/** A fake Go registry serving `dataset`, started before the file's tests and closed after them. */
export function fakeGoRegistryForSuite(dataset: SyntheticGoDataset): { readonly registry: FakeGoRegistry } {
  let registry: FakeGoRegistry | undefined;
  beforeAll(async () => {
    registry = await startFakeGoRegistry({ dataset });
  });
  afterAll(async () => {
    await registry?.close();
  });
  return {
    get registry(): FakeGoRegistry {
      if (registry === undefined) throw new Error('the fake Go registry is used outside its suite (before beforeAll)');
      return registry;
    },
  };
}
