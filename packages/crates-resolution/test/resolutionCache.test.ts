import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import NodeGit from 'nodegit';
import type { Repository } from 'nodegit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import { bareCloneFromBundle, cratesCasesDir } from '@registry-miners/testkit';
import { findRegistryResolution, ResolutionCache } from '../src/index.js';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import type { SearchEvent } from '../src/index.js';
import { makeTempDir } from './fixtures.js';

interface Case {
  name: string;
  published: string;
  refs: string[];
  expected: { commit: string; found: number };
  packages: LockPackage[];
}

const cases: Case[] = [];
const repositories = new Map<string, Repository>();
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await makeTempDir('cache');
  cleanup = temp.cleanup;
  for (const entry of readdirSync(cratesCasesDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const meta = JSON.parse(readFileSync(join(cratesCasesDir, entry.name, 'case.json'), 'utf8'));
    cases.push({ name: entry.name, ...meta, packages: cratesIoPackages(await readCargoLock(join(cratesCasesDir, entry.name, 'Cargo.lock'))) });
  }
  for (const branch of ['master', 'snapshot-2020-03-25']) {
    repositories.set(branch, await NodeGit.Repository.openBare(await bareCloneFromBundle(branch, join(temp.dir, `${branch}.git`))));
  }
}, 120_000);
afterAll(() => cleanup());

async function resolveAll(cache: ResolutionCache): Promise<{ commits: string[]; reads: number }> {
  const commits: string[] = [];
  let reads = 0;
  for (const c of cases) {
    const onEvent = (event: SearchEvent) => {
      if (event.type === 'repository-done') reads += event.objectReads;
    };
    const resolution = await findRegistryResolution(c.refs.map((ref) => repositories.get(ref)!), c.packages, new Date(c.published), { cache, onEvent });
    commits.push(resolution.commit);
  }
  return { commits, reads };
}

describe('ResolutionCache', () => {
  it('gives the same answers, and a second pass reads no git object', async () => {
    const cache = new ResolutionCache();
    const first = await resolveAll(cache);
    expect(first.commits).toEqual(cases.map((c) => c.expected.commit));
    expect(first.reads).toBeGreaterThan(1000);
    const second = await resolveAll(cache);
    expect(second.commits).toEqual(first.commits);
    expect(second.reads).toBe(0);
    expect(cache.stats).toMatchObject({ histories: 2, misses: first.reads });
    expect(cache.stats.hits).toBeGreaterThan(first.reads);
  }, 120_000);

  it('stays within its byte and history bounds, with the same answers', async () => {
    const cache = new ResolutionCache({ maxBytes: 1024 * 1024, maxHistories: 1 });
    for (let pass = 0; pass < 2; pass++) {
      expect((await resolveAll(cache)).commits).toEqual(cases.map((c) => c.expected.commit));
      expect(cache.stats.bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(cache.stats.histories).toBe(1);
    }
  }, 120_000);

  it('searches from a pinned head instead of HEAD', async () => {
    const deno = cases.find((c) => c.name.startsWith('deno-'))!;
    const master = repositories.get('master')!;
    const head = (await master.getHeadCommit()).sha();
    const cache = new ResolutionCache();
    const pinned = await findRegistryResolution([{ repository: master, head }], deno.packages, new Date(deno.published), { cache });
    expect(pinned.commit).toBe(deno.expected.commit);
    // Pinned at the answer itself (older than the publish time): the search starts there, not at HEAD, and a second history is kept.
    const earlier = await findRegistryResolution([{ repository: master, head: deno.expected.commit }], deno.packages, new Date(deno.published), { cache });
    expect(earlier.commit).toBe(deno.expected.commit);
    expect(cache.stats.histories).toBe(2);
  }, 60_000);

  it('refuses bad options with the value received', () => {
    expect(() => new ResolutionCache({ maxBytes: -1 })).toThrow(/Expected `maxBytes` to be an integer ≥ 0, got -1/);
    expect(() => new ResolutionCache({ maxHistories: 0 })).toThrow(/maxHistories/);
  });
});
