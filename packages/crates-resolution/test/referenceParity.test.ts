import { describe, expect, it } from 'vitest';
import type { IndexCommit, IndexEntry } from '@registry-miners/testkit';
import { findRegistryResolution } from '../src/index.js';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import type { Resolution } from '../src/index.js';
import { referenceFindRegistryResolution } from './referenceSearch.js';
import { indexRepo, tempDirForFile } from './fixtures.js';

const tempDir = tempDirForFile('parity');

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRATES = ['a', 'ab', 'abc', 'abcd', 'serde', 'serde_json', 'tokio', 'Inflector'];

interface Line {
  vers: string;
  yanked: boolean;
}

/**
 * Random index histories: each commit adds a version, yanks/unyanks one, or removes a version
 * line (so presence is not monotone). No file ever returns to content it had before (the one
 * pattern the fast search reads differently, see the README), and times step 5 min–30 h.
 */
class HistoryGenerator {
  readonly files = new Map<string, Line[]>();
  readonly seen = new Map<string, Set<string>>();
  /** Versions ever published per crate, with the time of the commit that added them. */
  readonly published = new Map<string, { vers: string; time: number }[]>();
  time: number;
  readonly next: () => number;

  constructor(seed: number, start: number) {
    this.next = random(seed);
    this.time = start;
  }

  commits(count: number, first: boolean): IndexCommit[] {
    const commits: IndexCommit[] = [];
    for (let i = 0; i < count; i += 1) {
      const files: Record<string, IndexEntry[]> = {};
      const changes = first && i === 0 ? 3 : 1;
      for (let c = 0; c < changes; c += 1) {
        const change = this.#change();
        if (change) files[change[0]] = change[1];
      }
      commits.push({ time: new Date(this.time * 1000), files });
      this.time += 300 + Math.floor(this.next() * 30 * 3600);
    }
    return commits;
  }

  #change(): [string, IndexEntry[]] | undefined {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const crate = CRATES[Math.floor(this.next() * CRATES.length)]!;
      const lines = (this.files.get(crate) ?? []).map((line) => ({ ...line }));
      const roll = this.next();
      if (lines.length === 0 || roll < 0.6) {
        const versions = this.published.get(crate) ?? [];
        const vers = `1.${versions.length}.0${this.next() < 0.2 ? '-alpha' : ''}`;
        versions.push({ vers, time: this.time });
        this.published.set(crate, versions);
        lines.push({ vers, yanked: false });
      } else if (roll < 0.85) {
        const line = lines[Math.floor(this.next() * lines.length)]!;
        line.yanked = !line.yanked;
      } else {
        lines.splice(Math.floor(this.next() * lines.length), 1);
      }
      const content = JSON.stringify(lines);
      const seen = this.seen.get(crate) ?? new Set<string>();
      if (seen.has(content)) continue;
      seen.add(content);
      this.seen.set(crate, seen);
      this.files.set(crate, lines);
      return [crate, lines.map((line) => ({ vers: line.vers, yanked: line.yanked }))];
    }
    return undefined;
  }

  /** Random packages published up to `until` (plus, sometimes, one published later or never). */
  lockfile(until: number): LockPackage[] {
    const packages: LockPackage[] = [];
    for (const [name, versions] of this.published) {
      for (const { vers, time } of versions) if (time <= until && this.next() < 0.35) packages.push({ name, version: vers });
    }
    const extra = this.next();
    if (extra < 0.15) packages.push({ name: 'never-published', version: '0.1.0' });
    else if (extra < 0.3) {
      const [name, versions] = [...this.published].at(-1)!;
      packages.push({ name, version: versions.at(-1)!.vers });
    }
    if (packages.length === 0) packages.push({ name: 'serde', version: '1.0.0' });
    return packages;
  }
}

type Outcome = Resolution | { error: string };

/** What the comparisons covered: answers (by repository and with missing packages) and errors. */
const covered = { answers: 0, inOlderRepository: 0, withMissing: 0, atRoot: 0, errors: new Set<string>() };

async function outcome(search: Promise<Resolution>): Promise<Outcome> {
  try {
    return await search;
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

function count(result: Outcome, roots: readonly string[]): void {
  if ('error' in result) {
    covered.errors.add(result.error);
    return;
  }
  covered.answers += 1;
  if (result.repositoryIndex > 0) covered.inOlderRepository += 1;
  if (result.missing.length > 0) covered.withMissing += 1;
  if (roots.includes(result.commit)) covered.atRoot += 1;
}

const START = Date.parse('2020-01-01T00:00:00Z') / 1000;

describe('same answers as the reference port on random histories', () => {
  it.each(Array.from({ length: 12 }, (_, seed) => seed + 1))('one repository, seed %i', async (seed) => {
    const generator = new HistoryGenerator(seed, START);
    const commits = generator.commits(25 + (seed % 4) * 10, true);
    const { built, repo } = await indexRepo(tempDir(), commits);
    const first = START;
    const last = generator.time;
    for (let probe = 0; probe < 3; probe += 1) {
      const published = new Date((first + Math.floor(generator.next() * (last - first + 86_400))) * 1000);
      const packages = generator.lockfile(published.getTime() / 1000);
      const ours = await outcome(findRegistryResolution([repo], packages, published));
      const reference = await outcome(referenceFindRegistryResolution([repo], packages, published));
      expect(ours, `seed ${seed}, published ${published.toISOString()}`).toEqual(reference);
      count(ours, [built.commits[0]!.id]);
    }
  });

  it.each(Array.from({ length: 6 }, (_, seed) => seed + 101))('archive + current, seed %i', async (seed) => {
    const generator = new HistoryGenerator(seed, START);
    const archive = await indexRepo(tempDir(), generator.commits(20, true), { branch: 'snapshot-2020' });
    const squash = generator.time;
    const currentCommits = generator.commits(20, false);
    currentCommits[0] = { ...currentCommits[0]!, time: new Date(squash * 1000) };
    const current = await indexRepo(tempDir(), currentCommits, { base: archive.built });
    for (let probe = 0; probe < 3; probe += 1) {
      const published = new Date((squash + Math.floor(generator.next() * (generator.time - squash + 86_400))) * 1000);
      // Every other lockfile only uses versions of the archive era, so the search continues into it.
      const packages = generator.lockfile(probe % 2 === 0 ? squash - 1 : published.getTime() / 1000);
      const repos = [current.repo, archive.repo];
      const ours = await outcome(findRegistryResolution(repos, packages, published));
      const reference = await outcome(referenceFindRegistryResolution(repos, packages, published));
      expect(ours, `seed ${seed}, published ${published.toISOString()}`).toEqual(reference);
      count(ours, [archive.built.commits[0]!.id, current.built.commits[0]!.id]);
    }
  });

  it('covered drops, roots, older repositories, missing packages and errors', () => {
    expect(covered.answers).toBeGreaterThan(30);
    expect(covered.answers - covered.atRoot).toBeGreaterThan(10);
    expect(covered.atRoot).toBeGreaterThan(0);
    expect(covered.inOlderRepository).toBeGreaterThan(0);
    expect(covered.withMissing).toBeGreaterThan(5);
    expect([...covered.errors]).toContain('ERR_NONE_FOUND_AT_PUBLISH');
  });
});
