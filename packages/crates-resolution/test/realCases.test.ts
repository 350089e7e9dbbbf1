import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import NodeGit from 'nodegit';
import type { Repository } from 'nodegit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import { bareCloneFromBundle, cratesCasesDir } from '@registry-miners/testkit';
import { findRegistryResolution } from '../src/index.js';
import type { RepositorySource, SearchEvent } from '../src/index.js';
import { referenceFindRegistryResolution } from './referenceSearch.js';
import { makeTempDir } from './fixtures.js';

interface Case {
  name: string;
  published: string;
  refs: string[];
  expected: { commit: string; time: string; found: number; total: number; missing: { name: string; version: string }[]; repository: string };
}

const cases: Case[] = readdirSync(cratesCasesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => ({ name: entry.name, ...JSON.parse(readFileSync(join(cratesCasesDir, entry.name, 'case.json'), 'utf8')) }));

const repositories = new Map<string, Repository>();
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await makeTempDir('bundle');
  cleanup = temp.cleanup;
  const branches = [...new Set(cases.flatMap((c) => c.refs))];
  await Promise.all(
    branches.map(async (branch) => {
      const path = await bareCloneFromBundle(branch, join(temp.dir, `${branch}.git`));
      repositories.set(branch, await NodeGit.Repository.openBare(path));
    }),
  );
}, 120_000);
afterAll(() => cleanup());

async function packagesOf(c: Case) {
  return cratesIoPackages(await readCargoLock(join(cratesCasesDir, c.name, 'Cargo.lock')));
}

describe('real Cargo.lock cases over the 2020 crates.io index bundle', () => {
  it('has the eight cases', () => {
    expect(cases.map((c) => c.name)).toHaveLength(8);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const packages = await packagesOf(c);
    const resolution = await findRegistryResolution(
      c.refs.map((ref) => repositories.get(ref)!),
      packages,
      new Date(c.published),
    );
    expect({
      commit: resolution.commit,
      time: resolution.time.toISOString().replace('.000Z', 'Z'),
      found: resolution.found,
      total: resolution.total,
      missing: resolution.missing,
      repository: c.refs[resolution.repositoryIndex],
    }).toEqual(c.expected);
    expect(resolution.total).toBe(packages.length);
  });

  it('asks a lazy source for the snapshot only when the answer lies before the squash', async () => {
    const bat = cases.find((c) => c.name.startsWith('bat-'))!;
    const deno = cases.find((c) => c.name.startsWith('deno-'))!;
    const asked: number[] = [];
    const source: RepositorySource = async (index) => {
      asked.push(index);
      return [repositories.get('master')!, repositories.get('snapshot-2020-03-25')!][index];
    };
    const events: SearchEvent[] = [];
    const resolution = await findRegistryResolution(source, await packagesOf(bat), new Date(bat.published), {
      onEvent: (event) => events.push(event),
    });
    expect(resolution.commit).toBe(bat.expected.commit);
    expect(asked).toEqual([0, 1]);
    expect(events.filter((e) => e.type === 'repository-done').map((e) => (e as { outcome: string }).outcome)).toEqual(['root', 'drop']);

    asked.length = 0;
    expect((await findRegistryResolution(source, await packagesOf(deno), new Date(deno.published))).commit).toBe(deno.expected.commit);
    expect(asked).toEqual([0]);
  });

  it('gives the same answer as the reference port (tokei, the smallest search)', async () => {
    const tokei = cases.find((c) => c.name === 'tokei-2020-04-20')!;
    const repos = tokei.refs.map((ref) => repositories.get(ref)!);
    const packages = await packagesOf(tokei);
    const published = new Date(tokei.published);
    expect(await findRegistryResolution(repos, packages, published)).toEqual(await referenceFindRegistryResolution(repos, packages, published));
  });
});
