import { makeTempDir, preparedGoDataset, startFakeGoRegistry } from '@registry-miners/testkit';
import type { FakeGoRegistry, FakeGoRegistryOptions, SyntheticGoDataset } from '@registry-miners/testkit';
import { afterAll, beforeAll } from 'vitest';

/** The small dataset most tests use: 20k entries, 3k modules (about 2,990 in the default feed). */
export const SMALL = { entries: 20_000, modules: 3_000, seed: 1 } as const;

/** A prepared dataset, shared within a test file. */
export function dataset(options: { entries: number; modules: number; seed?: number } = SMALL): SyntheticGoDataset {
  return preparedGoDataset(options);
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'go-miner-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  return makeTempDir(prefix);
}

/** Flags every test passes: the fake registry's URLs, few shards (tiny feed), log progress. */
export function registryArgs(registry: { indexUrl: string; proxyUrl: string }): string[] {
  return ['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--shards', '4', '--progress', 'log', '--progress-interval', '1'];
}

/** A temporary directory for the tests of a `describe` block: created before them, removed after them. */
export function tempDirForSuite(prefix?: string): () => string {
  let dir: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    dir = await tempDir(prefix);
  });
  afterAll(async () => {
    await dir?.cleanup();
  });
  return () => dir!.dir;
}

/**
 * A fake registry and a temporary directory for the tests of a `describe` block: started before them
 * (then handed to `started`), stopped and removed after them.
 */
export function registryForSuite(options: FakeGoRegistryOptions, started: (suite: { registry: FakeGoRegistry; dir: string }) => void): void {
  let registry: FakeGoRegistry | undefined;
  let dir: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    registry = await startFakeGoRegistry(options);
    dir = await tempDir();
    started({ registry, dir: dir.dir });
  });
  afterAll(async () => {
    await registry?.close();
    await dir?.cleanup();
  });
}
