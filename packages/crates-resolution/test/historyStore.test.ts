import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import NodeGit from 'nodegit';
import type { Repository } from 'nodegit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import { bareCloneFromBundle, cratesCasesDir } from '@registry-miners/testkit';
import { findRegistryResolution, ResolutionCache } from '../src/index.js';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import { makeTempDir } from './fixtures.js';

interface Case {
  name: string;
  published: string;
  refs: string[];
  expected: { commit: string };
  packages: LockPackage[];
}

const cases = new Map<string, Case>();
const repositories = new Map<string, Repository>();
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await makeTempDir('histories');
  ({ dir, cleanup } = temp);
  for (const name of ['deno-2020-04-23', 'nushell-lock-2020-03-21-published-2020-03-27', 'tokei-2020-04-20']) {
    const meta = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
    cases.set(name, { name, ...meta, packages: cratesIoPackages(await readCargoLock(join(cratesCasesDir, name, 'Cargo.lock'))) });
  }
  for (const branch of ['master', 'snapshot-2020-03-25']) {
    repositories.set(branch, await NodeGit.Repository.openBare(await bareCloneFromBundle(branch, join(dir, `${branch}.git`))));
  }
}, 120_000);
afterAll(() => cleanup());

async function resolve(name: string, cache: ResolutionCache): Promise<string> {
  const c = cases.get(name)!;
  return (await findRegistryResolution(c.refs.map((ref) => repositories.get(ref)!), c.packages, new Date(c.published), { cache })).commit;
}

function historyFiles(directory: string): string[] {
  return readdirSync(directory).filter((name) => name.startsWith('history-')).sort();
}

describe('ResolutionCache with a directory (histories kept between processes)', () => {
  it('saves what a search walked; a later cache continues a partial history from where it stopped, with the same answers', async () => {
    const directory = join(dir, 'resume');
    const first = new ResolutionCache({ directory });
    // deno's answer lies in the recent part of master: its history is saved unfinished.
    expect(await resolve('deno-2020-04-23', first)).toBe(cases.get('deno-2020-04-23')!.expected.commit);
    first.save();
    const [master] = historyFiles(directory);
    expect(master).toMatch(/^history-[0-9a-f]{40}\.bin$/);
    const partialBytes = statSync(join(directory, master!)).size;

    // nushell needs master down to its root, then the snapshot: the restored history is walked on.
    const second = new ResolutionCache({ directory });
    expect(await resolve('nushell-lock-2020-03-21-published-2020-03-27', second)).toBe(cases.get('nushell-lock-2020-03-21-published-2020-03-27')!.expected.commit);
    second.save();
    expect(historyFiles(directory)).toHaveLength(2);
    expect(statSync(join(directory, master!)).size).toBeGreaterThan(partialBytes);

    // A third cache reads both back complete: nothing grows, so nothing is written again.
    const before = historyFiles(directory).map((name) => statSync(join(directory, name)).mtimeMs);
    const third = new ResolutionCache({ directory });
    for (const name of cases.keys()) expect(await resolve(name, third)).toBe(cases.get(name)!.expected.commit);
    third.save();
    expect(historyFiles(directory).map((name) => statSync(join(directory, name)).mtimeMs)).toEqual(before);
  }, 120_000);

  it('ignores and deletes a damaged file, answers right, and writes it again', async () => {
    const directory = join(dir, 'damaged');
    const first = new ResolutionCache({ directory });
    await resolve('tokei-2020-04-20', first);
    first.save();
    const [file] = historyFiles(directory);
    const path = join(directory, file!);
    const data = readFileSync(path);
    data[data.length - 100]! ^= 0xff; // one flipped byte among the times: the checksum no longer matches
    writeFileSync(path, data);

    const second = new ResolutionCache({ directory });
    expect(await resolve('tokei-2020-04-20', second)).toBe(cases.get('tokei-2020-04-20')!.expected.commit);
    second.save();
    expect(readFileSync(path).equals(data)).toBe(false);
    const third = new ResolutionCache({ directory });
    expect(await resolve('tokei-2020-04-20', third)).toBe(cases.get('tokei-2020-04-20')!.expected.commit);
  }, 120_000);

  it('keeps at most maxSavedHistories files', async () => {
    const directory = join(dir, 'bounded');
    const cache = new ResolutionCache({ directory, maxSavedHistories: 1 });
    await resolve('nushell-lock-2020-03-21-published-2020-03-27', cache); // walks master and the snapshot
    cache.save();
    expect(historyFiles(directory)).toHaveLength(1);
  }, 120_000);

  it('refuses bad options with the value received', () => {
    expect(() => new ResolutionCache({ directory: '' })).toThrow("Expected `directory` to be a non-empty path, got ''");
    expect(() => new ResolutionCache({ directory: dir, maxSavedHistories: 0 })).toThrow('Expected `maxSavedHistories` to be an integer ≥ 1, got 0');
  });
});
