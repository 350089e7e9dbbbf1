import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RegistryMinersError } from '@registry-miners/utils';
import { describe, expect, it } from 'vitest';
import { FakeGoRegistryError, goGroundTruthCsv, spawnFakeGoRegistry, SyntheticGoDataset } from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const main = fileURLToPath(new URL('../src/go/fakeGoRegistryMain.ts', import.meta.url));

describe('fake Go registry as a process', () => {
  it('spawns a child serving the same dataset, with stats over IPC', async () => {
    const registry = await spawnFakeGoRegistry({ entries: 5_000, modules: 400, seed: 9 });
    try {
      const local = new SyntheticGoDataset({ entries: 5_000, modules: 400, seed: 9 });
      const res = await fetch(`${registry.indexUrl}?limit=50&include=all`, { headers: { 'user-agent': 'go-main-test/1' } });
      expect(await res.text()).toBe(local.page({ limit: 50, includeAll: true }));
      const stats = await registry.stats();
      expect(stats.requests).toBe(1);
      expect(stats.byEndpoint.index).toBe(1);
      expect(stats.userAgents).toEqual({ 'go-main-test/1': 1 });
      await registry.resetStats();
      expect((await registry.stats()).requests).toBe(0);
    } finally {
      await registry.close();
    }
    await expect(registry.stats()).rejects.toMatchObject({ code: 'ERR_FAKE_GO_REGISTRY_EXITED' });
  });

  it('reports a child that cannot start', async () => {
    const error = await spawnFakeGoRegistry({ entries: 10, modules: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FakeGoRegistryError);
    expect(error).toBeInstanceOf(RegistryMinersError);
    expect(error).toMatchObject({ code: 'ERR_FAKE_GO_REGISTRY_START', message: expect.stringMatching(/modules/) });
  });

  it('runs from the command line: one JSON line, ground truth file, exit 143 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'go-main-'));
    try {
      const truth = join(dir, 'truth.csv');
      const child = spawn(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', main, '--entries', '3000', '--modules', '300', '--ground-truth', truth, '--faults'],
        { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const ready = JSON.parse(line) as { indexUrl: string; proxyUrl: string; pid: number };
      expect(ready.indexUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/index$/);
      expect(ready.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/proxy$/);
      expect(await readFile(truth, 'utf8')).toBe(goGroundTruthCsv(new SyntheticGoDataset({ entries: 3000, modules: 300 })));
      const exit = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exit)[0]).toBe(143);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a usage error', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main, '--entries', 'many'], {
      cwd: packageDir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toMatch(/Expected `--entries` to be a non-negative integer, got '/);
  });
});
