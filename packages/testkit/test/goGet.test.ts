import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  goGetBehaviour,
  goGroundTruthCsv,
  goHostsTruth,
  goRepositoryGroundTruth,
  goRepositoryGroundTruthCsv,
  startFakeGoRegistry,
  SyntheticGoDataset,
} from '../src/index.js';
import type { FakeGoRegistry } from '../src/index.js';

const data = new SyntheticGoDataset({ entries: 4_000, modules: 1_000, seed: 12 }).prepare();

function moduleWith(predicate: (m: number) => boolean): number {
  for (let m = 0; m < 1_000; m++) if (predicate(m)) return m;
  throw new Error('no such module in the dataset');
}

describe('go-get fake hosts', () => {
  let registry: FakeGoRegistry;
  beforeAll(async () => {
    registry = await startFakeGoRegistry({ dataset: data, goGetLatencyMs: 5 });
  });
  afterAll(() => registry.close());

  const ask = (path: string, query = 'go-get=1') => fetch(`${registry.goGetUrl}/${path}?${query}`, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });

  it('answers a single vanity tag with the module Origin repository', async () => {
    const m = moduleWith((k) => goGetBehaviour(data, k) === 'single');
    const response = await ask(data.modulePath(m));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<meta name="go-import" content="${data.modulePath(m)} git ${data.moduleShape(m).repoUrl}">`);
  });

  it('redirects once, then answers; 404s; hangs; and answers forges as the forge does', async () => {
    const redirect = data.modulePath(moduleWith((k) => goGetBehaviour(data, k) === 'redirect'));
    const first = await ask(redirect);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('?go-get=1&redirected=1');
    expect((await ask(redirect, 'go-get=1&redirected=1')).status).toBe(200);
    expect((await ask(data.modulePath(moduleWith((k) => goGetBehaviour(data, k) === 'not-found')))).status).toBe(404);
    await expect(ask(data.modulePath(moduleWith((k) => goGetBehaviour(data, k) === 'hang')))).rejects.toThrow();
    const github = moduleWith((k) => data.moduleShape(k).kind === 'github-subdir');
    const root = data.modulePath(github).split('/').slice(0, 3).join('/');
    expect(await (await ask(data.modulePath(github))).text()).toContain(`content="${root} git https://${root}.git"`);
    const stats = registry.goGetStats();
    expect(stats.byPath[redirect]).toBe(2);
    expect(stats.log.find((record) => record.path === redirect)?.answeredAt).toBeDefined();
  });
});

describe('repository ground truth', () => {
  it('equals the Origin-only ground truth for the default source list', () => {
    expect(goRepositoryGroundTruthCsv(data, ['origin'])).toBe(goGroundTruthCsv(data));
  });

  it('fills modules without Origin from hosts, then go-get, never overriding an Origin URL', () => {
    const origin = [...goRepositoryGroundTruth(data, ['origin'])];
    const all = [...goRepositoryGroundTruth(data, ['origin', 'hosts', 'go-get'])];
    for (const [k, row] of all.entries()) {
      if (origin[k]!.source === 'origin') expect(row).toEqual(origin[k]);
      else expect(row.source).not.toBe('origin');
    }
    const count = (source: string): number => all.filter((row) => row.source === source).length;
    expect(count('hosts')).toBeGreaterThan(100);
    expect(count('go-get')).toBeGreaterThan(10);
    expect(count('none')).toBeGreaterThan(0);
    const deepGitlab = moduleWith((k) => data.moduleShape(k).kind === 'gitlab' && data.modulePath(k).split('/').length > 3);
    expect(goHostsTruth(data, deepGitlab)).toBeNull();
  });
});
