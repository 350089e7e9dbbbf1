import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import { bareCloneFromBundle, cratesCasesDir } from '@registry-miners/testkit';
import { findRegistryResolution, LazyRepository, ResolutionCache } from '../src/index.js';
import type { SearchEvent } from '../src/index.js';
import { makeTempDir } from './fixtures.js';

interface Case {
  published: string;
  refs: string[];
  expected: { commit: string };
  packages: LockPackage[];
}

const NUSHELL = 'nushell-lock-2020-03-21-published-2020-03-27';
const TOKEI = 'tokei-2020-04-20';
const cases = new Map<string, Case>();
const clones = new Map<string, string>();
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('saved-objects'));
  for (const name of [NUSHELL, TOKEI]) {
    const meta = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
    cases.set(name, { ...meta, packages: cratesIoPackages(await readCargoLock(join(cratesCasesDir, name, 'Cargo.lock'))) });
  }
  for (const branch of ['master', 'snapshot-2020-03-25']) clones.set(branch, await bareCloneFromBundle(branch, join(dir, `${branch}.git`)));
}, 120_000);
afterAll(() => cleanup());

/** The case's answer, searched through path handles, with the objects each repository read. */
async function resolve(name: string, cache: ResolutionCache, paths = clones): Promise<{ commit: string; objectReads: number }> {
  const c = cases.get(name)!;
  const events: SearchEvent[] = [];
  const repositories = c.refs.map((ref) => LazyRepository.at(paths.get(ref)!));
  const { commit } = await findRegistryResolution(repositories, c.packages, new Date(c.published), { cache, onEvent: (event) => events.push(event) });
  const objectReads = events.reduce((sum, event) => sum + (event.type === 'repository-done' ? event.objectReads : 0), 0);
  return { commit, objectReads };
}

const segments = (directory: string) => readdirSync(directory).filter((name) => name.startsWith('objects-')).sort();

describe('ResolutionCache with a directory: trees and version lists kept between processes', () => {
  it('a later cache answers from the saved objects alone: the same answer with no object read, even with the packs gone', async () => {
    const directory = join(dir, 'warm');
    const first = new ResolutionCache({ directory });
    const cold = await resolve(NUSHELL, first);
    expect(cold.commit).toBe(cases.get(NUSHELL)!.expected.commit);
    expect(cold.objectReads).toBeGreaterThan(1000);
    first.save();
    expect(segments(directory)).toHaveLength(1);

    // Copies of the clones without their object packs: only refs and the saved cache are left to read.
    const stripped = new Map<string, string>();
    for (const [ref, path] of clones) {
      const copy = join(dir, `stripped-${ref}.git`);
      cpSync(path, copy, { recursive: true });
      rmSync(join(copy, 'objects'), { recursive: true });
      stripped.set(ref, copy);
    }
    const second = new ResolutionCache({ directory, maxBytes: 0 });
    expect(await resolve(NUSHELL, second, stripped)).toEqual({ commit: cold.commit, objectReads: 0 });
    second.save();
    expect(segments(directory)).toHaveLength(1); // nothing new was read, so nothing is written
  }, 120_000);

  it('ignores and deletes a damaged segment, reads git again and answers right', async () => {
    const directory = join(dir, 'damaged');
    const first = new ResolutionCache({ directory });
    await resolve(TOKEI, first);
    first.save();
    const [segment] = segments(directory);
    const path = join(directory, segment!);
    const data = readFileSync(path);
    data[100]! ^= 0xff; // one flipped byte in a payload: its CRC no longer matches
    writeFileSync(path, data);

    const second = new ResolutionCache({ directory });
    const again = await resolve(TOKEI, second);
    expect(again.commit).toBe(cases.get(TOKEI)!.expected.commit);
    expect(again.objectReads).toBeGreaterThan(0);
    expect(segments(directory)).not.toContain(segment);
    second.save();
    const third = new ResolutionCache({ directory });
    expect(await resolve(TOKEI, third)).toEqual({ commit: again.commit, objectReads: 0 });
  }, 120_000);

  it('stays within maxSavedObjectBytes and merges segments, however many searches save', async () => {
    const directory = join(dir, 'bounded');
    const maxSavedObjectBytes = 256 * 1024;
    for (let round = 0; round < 12; round += 1) {
      // A cache without memory of its own: every search reads git again and saves what is not on disk.
      const cache = new ResolutionCache({ directory, maxBytes: 0, maxSavedObjectBytes });
      expect((await resolve(round % 2 === 0 ? TOKEI : NUSHELL, cache)).commit).toBe(cases.get(round % 2 === 0 ? TOKEI : NUSHELL)!.expected.commit);
      cache.save();
      const names = segments(directory);
      expect(names.length).toBeLessThanOrEqual(8);
      expect(names.reduce((sum, name) => sum + statSync(join(directory, name)).size, 0)).toBeLessThanOrEqual(maxSavedObjectBytes + 64 * 1024);
    }
  }, 240_000);

  it('two caches saving into one directory at once both keep what they read, and each sees what the other saved later', async () => {
    const directory = join(dir, 'shared');
    // No memory of their own: whatever they do not read from git comes from the directory.
    const [a, b] = [new ResolutionCache({ directory, maxBytes: 0 }), new ResolutionCache({ directory, maxBytes: 0 })];
    await Promise.all([resolve(TOKEI, a), resolve(NUSHELL, b)]);
    a.save();
    b.save();
    expect(segments(directory)).toHaveLength(2);
    expect((await resolve(NUSHELL, a)).objectReads).toBe(0); // saved by b after a had looked
    expect((await resolve(TOKEI, b)).objectReads).toBe(0);
    const reader = new ResolutionCache({ directory });
    expect((await resolve(TOKEI, reader)).objectReads).toBe(0);
    expect((await resolve(NUSHELL, reader)).objectReads).toBe(0);
  }, 120_000);

  it('refuses a bad bound with the value received', () => {
    expect(() => new ResolutionCache({ directory: dir, maxSavedObjectBytes: -1 })).toThrow('Expected `maxSavedObjectBytes` to be an integer ≥ 0, got -1');
  });
});
