import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IndexManager } from '@registry-miners/crates-index-manager';
import { cratesCasesDir, firstVersionsLockfile, makeBundleRemotes } from '@registry-miners/testkit';
import type { BundleRemotes } from '@registry-miners/testkit';
import { ResolutionPool } from '../src/index.js';

let work: string;
let manager: IndexManager;
let available: string[];
let remotes: BundleRemotes;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-batch-pool-'));
  remotes = await makeBundleRemotes(join(work, 'remotes'));
  manager = await IndexManager.open({ cacheDir: join(work, 'cache'), currentUrl: remotes.current.url, archiveUrl: remotes.archive.url });
  available = await manager.listAvailableSnapshots();
}, 120_000);

afterAll(async () => {
  await manager?.close();
  rmSync(work, { recursive: true, force: true });
});

function caseOf(name: string): { lockfile: string; published: Date; commit: string } {
  const { published, expected } = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  return { lockfile: readFileSync(join(cratesCasesDir, name, 'Cargo.lock'), 'utf8'), published: new Date(published), commit: expected.commit };
}

describe('ResolutionPool', () => {
  test('queues beyond its slots, first come first served; a queued job aborted leaves the others; histories are kept on disk', async () => {
    const searchCacheDirectory = join(work, 'search-cache');
    const pool = new ResolutionPool({ manager, workers: 1, searchesPerWorker: 1, searchCacheDirectory });
    try {
      const names = ['tokei-2020-04-20', 'bat-lock-2020-03-22-published-2020-03-28', 'deno-2020-04-23', 'starship-2020-04-20'];
      const abort = new AbortController();
      const outcomes = names.map((name, i) => {
        const item = caseOf(name);
        return pool.resolve(item.lockfile, name, item.published, available, i === 2 ? abort.signal : undefined);
      });
      expect(pool.active).toBe(4);
      expect(pool.queued).toBe(3); // one slot: the first runs, the rest wait
      abort.abort();
      expect(pool.queued).toBe(2);
      const settled = await Promise.all(outcomes);
      expect(settled[2]).toMatchObject({ ok: false, failure: { kind: 'unavailable', code: 'ERR_ABORTED' } });
      for (const i of [0, 1, 3]) expect(settled[i]).toMatchObject({ ok: true, resolution: { commit: caseOf(names[i]!).commit } });
      expect(pool.active).toBe(0);
      expect(readdirSync(searchCacheDirectory).filter((name) => name.startsWith('history-')).length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 180_000);

  test('a resolution whose signal is already aborted fails alone, leaving the queue as it was', async () => {
    const pool = new ResolutionPool({ manager, workers: 1, searchesPerWorker: 1 });
    try {
      const [running, queued] = ['tokei-2020-04-20', 'deno-2020-04-23'].map((name) => {
        const item = caseOf(name);
        return pool.resolve(item.lockfile, name, item.published, available);
      });
      expect(pool.queued).toBe(1);
      const item = caseOf('starship-2020-04-20');
      const aborted = await pool.resolve(item.lockfile, 'starship', item.published, available, AbortSignal.abort());
      expect(aborted).toMatchObject({ ok: false, failure: { code: 'ERR_ABORTED' } });
      expect(pool.queued).toBe(1);
      expect(await running).toMatchObject({ ok: true, resolution: { commit: caseOf('tokei-2020-04-20').commit } });
      expect(await queued).toMatchObject({ ok: true, resolution: { commit: caseOf('deno-2020-04-23').commit } });
    } finally {
      await pool.close();
    }
  }, 120_000);

  test('a bad lockfile is classified bad input; after close, resolutions are refused as unavailable', async () => {
    const pool = new ResolutionPool({ manager });
    const bad = await pool.resolve('[[package]\n', 'Cargo.lock', new Date('2020-04-20T00:00:00Z'), available);
    expect(bad).toMatchObject({ ok: false, failure: { kind: 'bad-input', code: 'ERR_CARGOLOCK_TOML' } });
    await pool.close();
    const late = await pool.resolve('', 'Cargo.lock', new Date(), available);
    expect(late).toMatchObject({ ok: false, failure: { kind: 'unavailable', code: 'ERR_SHUTTING_DOWN' } });
    expect(existsSync(join(work, 'cache', 'current'))).toBe(true);
  }, 120_000);

  test('a lockfile of 20,000 packages runs on a worker of its own, sized to it; one too big for a worker fails with the reason and the worker is replaced', async () => {
    // The current index's head: every package of this lockfile is there, in its first version.
    const lockfile = await firstVersionsLockfile(remotes.current.path, 20_000);
    const published = new Date('2020-04-26T12:07:46Z');
    const sized = new ResolutionPool({ manager, cacheBytes: 0 });
    try {
      const outcome = await sized.resolve(lockfile, 'big.lock', published, available);
      expect(outcome).toMatchObject({ ok: true, resolution: { commit: remotes.current.tip, found: 20_000, total: 20_000 } });
    } finally {
      await sized.close();
    }
    // Without the large-lockfile worker, the shared worker's heap (40 MB with no cache) is too small: it dies, and says why.
    const small = new ResolutionPool({ manager, cacheBytes: 0, largeLockfileBytes: Number.MAX_SAFE_INTEGER });
    try {
      const lost = await small.resolve(lockfile, 'big.lock', published, available);
      expect(lost).toMatchObject({ ok: false, failure: { kind: 'internal', code: 'ERR_INTERNAL' } });
      expect(lost.ok ? undefined : (lost.error as Error).message).toBe('a resolution worker ran out of its 40 MB heap');
      const item = caseOf('tokei-2020-04-20');
      expect(await small.resolve(item.lockfile, 'tokei', item.published, available)).toMatchObject({ ok: true, resolution: { commit: item.commit } });
    } finally {
      await small.close();
    }
  }, 180_000);

  test('refuses bad options with the value received', () => {
    expect(() => new ResolutionPool({ manager, workers: 0 })).toThrow('Expected `workers` to be an integer from 1 to 256, got 0');
    expect(() => new ResolutionPool({ manager, searchesPerWorker: 1.5 })).toThrow('Expected `searchesPerWorker` to be an integer from 1 to 64, got 1.5');
  });
});
