import { describe, expect, it } from 'vitest';
import { SyntheticGoDataset, type GoModuleBehaviour } from '../src/index.js';
import { escapeCase } from './goReferenceClient.js';
import { fakeGoRegistryForSuite } from './fakeGoRegistryForSuite.js';

const dataset = new SyntheticGoDataset({ entries: 12_000, modules: 1_500, seed: 5 });
const suite = fakeGoRegistryForSuite(dataset);

const DMF = { 'disable-module-fetch': 'true' };

async function get(path: string, headers: Record<string, string> = DMF) {
  const res = await fetch(`${suite.registry.proxyUrl}/${path}`, { headers });
  const body = await res.text();
  return { status: res.status, body, type: res.headers.get('content-type') };
}

/** The first module (served, with a tagged newest version) that has this behaviour. */
function moduleWith(behaviour: GoModuleBehaviour, extra: (m: number) => boolean = () => true): number {
  for (const m of dataset.modulesInOrder()) {
    if (dataset.moduleBehaviour(m) === behaviour && extra(m)) return m;
  }
  throw new Error(`no module with behaviour ${behaviour}`);
}

function newest(m: number): { path: string; version: string; escaped: string } {
  const path = dataset.modulePath(m);
  const version = dataset.versionOfEntry(dataset.newestEntryOf(m));
  return { path, version, escaped: `${escapeCase(path)}/@v/${escapeCase(version)}.info` };
}

describe('fake proxy.golang.org', () => {
  it('answers 400 to a raw capital and 200 to the case-encoded path', async () => {
    const m = moduleWith('origin', (k) => /[A-Z]/.test(dataset.modulePath(k)));
    const { path, version, escaped } = newest(m);
    const raw = await get(`${path}/@v/${escapeCase(version)}.info`);
    expect(raw.status).toBe(400);
    expect(raw.type).toMatch(/^text\/plain/);
    expect(raw.body).toMatch(/^bad request: invalid escaped module path/);
    const ok = await get(escaped);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ Version: version, Origin: { URL: dataset.moduleShape(m).repoUrl } });
  });

  it('needs the version case-encoded too (v1.2.3-M3 → v1.2.3-!m3)', async () => {
    let found: { m: number; i: number } | undefined;
    for (let i = 0; i < dataset.entryCount && !found; i++) {
      const m = dataset.moduleOfEntry(i);
      if (/[A-Z]/.test(dataset.versionOfEntry(i)) && dataset.isServed(i) && dataset.moduleBehaviour(m) === 'origin') found = { m, i };
    }
    const { m, i } = found!;
    const path = escapeCase(dataset.modulePath(m));
    const version = dataset.versionOfEntry(i);
    expect((await get(`${path}/@v/${version}.info`)).status).toBe(400);
    const ok = await get(`${path}/@v/${escapeCase(version)}.info`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).Version).toBe(version);
  });

  it('keeps case twins apart (github.com/Owner/x and github.com/owner/x)', async () => {
    const twin = [...dataset.modulesInOrder()].find((m) => dataset.moduleShape(m).kind === 'case-twin' && dataset.moduleBehaviour(m) === 'origin' && dataset.moduleBehaviour(m - 1) === 'origin')!;
    const a = JSON.parse((await get(newest(twin).escaped)).body);
    const b = JSON.parse((await get(newest(twin - 1).escaped)).body);
    expect(dataset.modulePath(twin).toLowerCase()).toBe(dataset.modulePath(twin - 1).toLowerCase());
    expect(a.Origin.URL).not.toBe(b.Origin.URL);
    expect(a.Origin.URL.toLowerCase()).toBe(b.Origin.URL.toLowerCase());
  });

  it('gives .info with Origin, or without it with @latest carrying it', async () => {
    const withOrigin = await get(newest(moduleWith('origin')).escaped);
    expect(withOrigin.type).toBe('application/json');
    const info = JSON.parse(withOrigin.body);
    expect(info).toMatchObject({ Version: expect.any(String), Time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect(info.Origin).toMatchObject({ VCS: 'git', URL: expect.stringMatching(/^https:\/\//), Hash: expect.stringMatching(/^[0-9a-f]{40}$/) });

    const m = moduleWith('latest-origin');
    const noOrigin = JSON.parse((await get(newest(m).escaped)).body);
    expect(noOrigin.Version).toBe(newest(m).version);
    expect(noOrigin.Origin).toBeUndefined();
    const latest = JSON.parse((await get(`${escapeCase(dataset.modulePath(m))}/@latest`)).body);
    expect(latest.Origin.URL).toBe(dataset.moduleShape(m).repoUrl);
  });

  it('falls back: newest .info gone (404) while @latest has Origin', async () => {
    const m = moduleWith('info-gone');
    const gone = await get(newest(m).escaped);
    expect(gone.status).toBe(404);
    expect(gone.type).toMatch(/^text\/plain/);
    expect(gone.body).toMatch(/^not found:/);
    const latest = await get(`${escapeCase(dataset.modulePath(m))}/@latest`);
    expect(latest.status).toBe(200);
    expect(JSON.parse(latest.body).Origin.URL).toBe(dataset.moduleShape(m).repoUrl);
  });

  it('has modules without any Origin, and modules whose every URL is 404 or 410', async () => {
    const plain = moduleWith('no-origin');
    expect(JSON.parse((await get(newest(plain).escaped)).body).Origin).toBeUndefined();
    expect(JSON.parse((await get(`${escapeCase(dataset.modulePath(plain))}/@latest`)).body).Origin).toBeUndefined();
    const latestGone = moduleWith('no-origin-latest-gone');
    expect((await get(newest(latestGone).escaped)).status).toBe(200);
    expect((await get(`${escapeCase(dataset.modulePath(latestGone))}/@latest`)).status).toBe(404);
    for (const [behaviour, status] of [['gone-404', 404], ['gone-410', 410]] as const) {
      const m = moduleWith(behaviour);
      for (const url of [newest(m).escaped, `${escapeCase(dataset.modulePath(m))}/@latest`, `${escapeCase(dataset.modulePath(m))}/@v/list`]) {
        const res = await get(url);
        expect(res.status).toBe(status);
        expect(res.type).toMatch(/^text\/plain/);
        expect(res.body).toMatch(/^not found:/);
      }
    }
  });

  it('answers 410 for a version the index no longer serves, 404 for unknown modules and versions', async () => {
    let unserved = -1;
    for (let i = 100; i < dataset.entryCount && unserved < 0; i++) {
      if (!dataset.isServed(i) && dataset.moduleBehaviour(dataset.moduleOfEntry(i)) === 'origin') unserved = i;
    }
    const m = dataset.moduleOfEntry(unserved);
    const removed = await get(`${escapeCase(dataset.modulePath(m))}/@v/${escapeCase(dataset.versionOfEntry(unserved))}.info`);
    expect(removed.status).toBe(410);
    expect(removed.body).toMatch(/^not found:/);
    expect((await get('example.com/nobody/nothing/@latest')).status).toBe(404);
    expect((await get(`${escapeCase(dataset.modulePath(m))}/@v/v9.9.9.info`)).status).toBe(404);
  });

  it('serves an unsorted @v/list that may be empty, and .mod files', async () => {
    let sawEmpty = false;
    let sawUnsorted = false;
    for (const m of [...dataset.modulesInOrder()].slice(0, 300)) {
      if (dataset.moduleBehaviour(m) !== 'origin') continue;
      const list = await get(`${escapeCase(dataset.modulePath(m))}/@v/list`);
      expect(list.status).toBe(200);
      const versions = list.body.split('\n').filter(Boolean);
      if (versions.length === 0) sawEmpty = true;
      if (versions.length >= 2 && versions.at(-1) !== dataset.versionOfEntry(dataset.newestEntryOf(m))) sawUnsorted = true;
    }
    expect(sawEmpty).toBe(true);
    expect(sawUnsorted).toBe(true);
    const m = moduleWith('origin');
    const mod = await get(newest(m).escaped.replace(/\.info$/, '.mod'));
    expect(mod.body.startsWith(`module ${dataset.modulePath(m)}\n`)).toBe(true);
  });

  it('names the real repository for vanity paths and carries fields clients must ignore', async () => {
    const vanity = moduleWith('origin', (m) => dataset.moduleShape(m).kind === 'vanity');
    const url = JSON.parse((await get(newest(vanity).escaped)).body).Origin.URL as string;
    expect(new URL(url).host).toBe('github.com');
    expect(dataset.modulePath(vanity).startsWith('go.')).toBe(true);
    const extra = moduleWith('origin', (m) => dataset.moduleShape(m).extraFields === 'origin');
    expect(JSON.parse((await get(newest(extra).escaped)).body).Origin.Mirror).toBeDefined();
    const subdir = moduleWith('origin', (m) => dataset.moduleShape(m).kind === 'github-subdir');
    const origin = JSON.parse((await get(newest(subdir).escaped)).body).Origin;
    expect(dataset.modulePath(subdir)).toBe(`${origin.URL.replace('https://', '')}/${origin.Subdir}`);
  });

  it('counts Disable-Module-Fetch and treats /cached-only the same', async () => {
    const { escaped } = newest(moduleWith('origin'));
    const before = suite.registry.stats();
    const withHeader = await get(escaped);
    const without = await get(escaped, {});
    const cachedOnly = await get(`cached-only/${escaped}`, {});
    expect(without.body).toBe(withHeader.body);
    expect(cachedOnly.body).toBe(withHeader.body);
    const after = suite.registry.stats();
    expect(after.disableModuleFetchSeen - before.disableModuleFetchSeen).toBe(2);
    expect(after.disableModuleFetchMissing - before.disableModuleFetchMissing).toBe(1);
    expect(after.byEndpoint.info - before.byEndpoint.info).toBe(3);
  });
});
