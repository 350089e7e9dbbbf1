import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticGoDataset } from '@registry-miners/testkit';

/** The small dataset the unit tests use: 20k entries, 3k modules, prepared once per test file. */
let small: SyntheticGoDataset | undefined;
export function dataset(): SyntheticGoDataset {
  small ??= new SyntheticGoDataset({ entries: 20_000, modules: 3_000, seed: 1 }).prepare();
  return small;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'go-mining-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
