import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGroundTruthCsv, makeTempDir, preparedGoDataset, startFakeGoRegistry } from '@registry-miners/testkit';
import { expect, it } from 'vitest';
import { exportPhase } from '../src/exportPhase.js';
import { mineGo } from '../src/mineGo.js';
import { MinerState } from '../src/state/MinerState.js';

it('writes the same csv whether the repository table holds every module or runs out of room', async () => {
  const data = preparedGoDataset({ entries: 20_000, modules: 3_000 });
  const registry = await startFakeGoRegistry({ dataset: data });
  const { dir, cleanup } = await makeTempDir('go-mining-export-');
  try {
    const stateDir = join(dir, 'state');
    await mineGo({ stateDir, indexUrl: registry.indexUrl, proxyUrl: registry.proxyUrl, out: join(dir, 'job.csv'), shards: 4 });
    const expected = goGroundTruthCsv(data);
    expect(await readFile(join(dir, 'job.csv'), 'utf8')).toBe(expected);
    const state = MinerState.open(stateDir, { readonly: true });
    try {
      // 16 KiB hold a few hundred of the 3,000 modules: the others' lookup records are read one by one.
      const notes: string[] = [];
      const progress = { update: () => undefined, note: () => undefined, finish: () => undefined, close: () => undefined, log: (line: string) => void notes.push(line) };
      const small = await exportPhase({ state, out: join(dir, 'small.csv'), repositoryTableBytes: 16 << 10, progress });
      expect(notes.join('\n')).toMatch(/the repositories of \d+ modules fit in memory/);
      expect(await readFile(join(dir, 'small.csv'), 'utf8')).toBe(expected);
      const full = await exportPhase({ state, out: join(dir, 'full.csv') });
      expect(await readFile(join(dir, 'full.csv'), 'utf8')).toBe(expected);
      expect(small.bySource).toEqual(full.bySource);
      expect(full.bySource.origin).toBeGreaterThan(0);
      expect(full.bySource.none).toBeGreaterThan(0);
    } finally {
      state.close();
    }
  } finally {
    await registry.close();
    await cleanup();
  }
}, 120_000);
