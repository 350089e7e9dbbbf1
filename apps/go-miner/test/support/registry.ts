import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticGoDataset } from '@registry-miners/testkit';
import { afterAll, beforeAll } from 'vitest';

/** The small dataset most tests use: 20k entries, 3k modules (about 2,990 in the default feed). */
export const SMALL = { entries: 20_000, modules: 3_000, seed: 1 } as const;

/** Datasets are deterministic and a little costly to prepare: share them within a test file. */
const cache = new Map<string, SyntheticGoDataset>();
export function dataset(options: { entries: number; modules: number; seed?: number } = SMALL): SyntheticGoDataset {
  const key = `${options.entries}/${options.modules}/${options.seed ?? 1}`;
  let found = cache.get(key);
  if (!found) {
    found = new SyntheticGoDataset({ seed: 1, ...options }).prepare();
    cache.set(key, found);
  }
  return found;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'go-miner-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
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
