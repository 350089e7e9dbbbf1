import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IndexManager, type CloneRequest, type FetchFunction, type IndexManagerError, type RepositoryHandle, type RepositoryKey } from '../src/index.js';
import { cacheEntries, delayedClone, gate, sleep, tempDir, remotesForSuite } from './helpers.js';

const CURRENT = { kind: 'current' } as const;
const snap = (date: string) => ({ kind: 'snapshot', date }) as const;
const DATES = ['2020-01-10', '2020-02-10', '2020-03-10', '2020-03-25'];
const closeAll = (handles: RepositoryHandle[]): void => handles.forEach((handle) => handle.close());

describe('IndexManager concurrency', () => {
  const remotes = remotesForSuite('conc-remotes', DATES);

  async function open(options: Partial<Parameters<typeof IndexManager.open>[0]> = {}) {
    const cache = await tempDir('conc-cache');
    const manager = await IndexManager.open({ cacheDir: cache.path, ...remotes().urls, ...options });
    return {
      manager,
      cache: cache.path,
      async done() {
        await manager.close();
        await cache.cleanup();
      },
    };
  }

  it('serves ready repositories while another is being cloned or the current index refreshed', async () => {
    const slowClone = gate();
    const slowFetch = gate();
    const started: string[] = [];
    let clock = new Date('2020-04-03T13:00:00Z');
    const gatedFetch: FetchFunction = async () => {
      started.push('fetch');
      await slowFetch.promise;
    };
    const { manager, done } = await open({
      now: () => clock,
      fetchRepository: gatedFetch,
      cloneRepository: delayedClone(async (request) => {
        started.push(request.branch);
        if (request.branch === 'snapshot-2020-01-10') await slowClone.promise;
      }),
    });
    closeAll(await manager.getRepositories([CURRENT, snap('2020-03-25')]));

    const pendingSnapshot = manager.getRepositories([snap('2020-01-10')]);
    await vi.waitFor(() => expect(started).toContain('snapshot-2020-01-10'));
    let t0 = performance.now();
    const ready = await manager.getRepositories([CURRENT, snap('2020-03-25')]);
    const readyMs = performance.now() - t0;
    // Another missing snapshot is cloned meanwhile, in parallel with the stalled one.
    const other = await manager.getRepositories([snap('2020-02-10')]);
    closeAll(other);
    closeAll(ready);

    // A refresh of the current index in progress does not hold up snapshot readers.
    clock = new Date('2020-04-03T14:00:00Z');
    const pendingCurrent = manager.getRepositories([CURRENT]);
    await vi.waitFor(() => expect(started).toContain('fetch'));
    t0 = performance.now();
    const snapshotOnly = await manager.getRepositories([snap('2020-03-25')]);
    const duringFetchMs = performance.now() - t0;
    closeAll(snapshotOnly);

    const statuses = await manager.status();
    expect(statuses.find((entry) => entry.name === 'snapshot-2020-01-10')?.state).toBe('cloning');
    expect(statuses.find((entry) => entry.name === 'current')?.state).toBe('updating');
    console.log(`ready request: ${readyMs.toFixed(1)} ms during a stalled clone; ${duringFetchMs.toFixed(1)} ms during a stalled fetch`);
    expect(readyMs).toBeLessThan(1000);
    expect(duringFetchMs).toBeLessThan(1000);

    slowClone.open();
    slowFetch.open();
    closeAll(await pendingSnapshot);
    closeAll(await pendingCurrent);
    await done();
  });

  it('fails fast with ERR_INDEX_CAPACITY, never counts the current index, and never evicts a held snapshot', async () => {
    const clones: string[] = [];
    const { manager, cache, done } = await open({
      maxSnapshots: 1,
      cloneRepository: delayedClone(async (request) => {
        clones.push(request.branch);
      }),
    });
    // More snapshots than the limit in one call: rejected before anything is cloned.
    await expect(manager.getRepositories([snap('2020-01-10'), snap('2020-02-10')])).rejects.toMatchObject({ code: 'ERR_INDEX_CAPACITY' });
    expect(clones).toEqual([]);

    // The current index does not take the only snapshot slot.
    const held = await manager.getRepositories([CURRENT, snap('2020-01-10')]);
    // The slot is held by an open handle: fail at once, with the reason.
    const error = (await manager.getRepositories([snap('2020-02-10')]).catch((e: unknown) => e)) as IndexManagerError;
    expect(error.code).toBe('ERR_INDEX_CAPACITY');
    expect(error.message).toContain('1 held by open handles');
    expect(error.hint).toMatch(/Close handles/);
    expect(existsSync(held[1]!.path)).toBe(true);
    expect((await (await held[1]!.repository.open()).getCommit(held[1]!.head)).sha()).toBe(held[1]!.head);

    // Released: the least recently used idle snapshot makes room.
    closeAll(held);
    const next = await manager.getRepositories([snap('2020-02-10')]);
    await vi.waitFor(async () => expect(await cacheEntries(cache)).toEqual(['current', 'snapshot-2020-02-10']));
    closeAll(next);
    expect((await manager.status()).map((entry) => entry.name)).toEqual(['current', 'snapshot-2020-02-10']);
    await done();
  });

  it('releases everything when a caller cancels mid-clone, and aborts a clone nobody else waits for', async () => {
    const cloneGate = gate();
    const signals = new Map<string, AbortSignal>();
    const { manager, cache, done } = await open({
      cloneRepository: delayedClone(async (request: CloneRequest) => {
        signals.set(request.branch, request.signal);
        if (request.branch !== 'master') await cloneGate.promise;
      }),
    });
    closeAll(await manager.getRepositories([CURRENT]));

    // One caller alone: its cancellation aborts the clone and leaves no trace.
    const controller = new AbortController();
    const lonely = manager.getRepositories([CURRENT, snap('2020-01-10')], { signal: controller.signal });
    await vi.waitFor(() => expect(signals.has('snapshot-2020-01-10')).toBe(true));
    controller.abort(new Error('user pressed ^C'));
    await expect(lonely).rejects.toMatchObject({ code: 'ERR_INDEX_ABORTED' });
    expect(signals.get('snapshot-2020-01-10')!.aborted).toBe(true);
    // The stopped clone is gone from the cache and from the manager once it has wound down.
    await vi.waitFor(async () => {
      expect(await cacheEntries(cache)).toEqual(['current']);
      expect((await manager.status()).map((entry) => [entry.name, entry.openHandles, entry.pendingRequests])).toEqual([['current', 0, 0]]);
    });

    // Two callers share a clone: one cancels, the other still gets it.
    const quitter = new AbortController();
    const first = manager.getRepositories([snap('2020-02-10')], { signal: quitter.signal });
    const second = manager.getRepositories([snap('2020-02-10'), CURRENT]);
    await vi.waitFor(() => expect(signals.has('snapshot-2020-02-10')).toBe(true));
    quitter.abort();
    await expect(first).rejects.toMatchObject({ code: 'ERR_INDEX_ABORTED' });
    cloneGate.open();
    const handles = await second;
    expect(signals.get('snapshot-2020-02-10')!.aborted).toBe(false);
    expect(handles.map((handle) => handle.key)).toEqual([snap('2020-02-10'), CURRENT]);
    closeAll(handles);

    // An already aborted signal is refused before anything happens.
    await expect(manager.getRepositories([snap('2020-03-10')], { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ERR_INDEX_ABORTED' });
    expect(signals.has('snapshot-2020-03-10')).toBe(false);
    await done();
  });

  it('close() rejects waiting requests, stops clones, removes their temporary directories, and is idempotent', async () => {
    const neverOpens = gate();
    let cloneSignal: AbortSignal | undefined;
    const { manager, cache } = await open({
      cloneRepository: delayedClone(async (request) => {
        cloneSignal = request.signal;
        await neverOpens.promise;
      }),
    });
    const pending = manager.getRepositories([snap('2020-01-10')]);
    await vi.waitFor(() => expect(cloneSignal).toBeDefined());
    const closing = manager.close();
    expect(manager.close()).toBe(closing);
    await expect(pending).rejects.toMatchObject({ code: 'ERR_INDEX_CLOSED' });
    await closing;
    expect(cloneSignal!.aborted).toBe(true);
    expect(await cacheEntries(cache)).toEqual([]);
    // The lock is released.
    const reopened = await IndexManager.open({ cacheDir: cache, ...remotes().urls });
    await reopened.close();
    await rm(cache, { recursive: true, force: true });
  });

  it('survives many concurrent callers under eviction pressure with cancellations: no deadlock, no leak, no held repository evicted', async () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { manager, cache, done } = await open({
      maxSnapshots: 2,
      cloneRepository: delayedClone(() => sleep(Math.floor(random() * 40))),
    });
    const outcomes = new Map<string, number>();
    const count = (what: string): void => {
      outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    };
    const caller = async (index: number): Promise<void> => {
      await sleep(Math.floor(random() * 100));
      const keys: RepositoryKey[] = [];
      if (random() < 0.3) keys.push(CURRENT);
      const first = DATES[Math.floor(random() * DATES.length)]!;
      keys.push(snap(first));
      if (random() < 0.3) {
        const second = DATES[(DATES.indexOf(first) + 1) % DATES.length]!;
        keys.push(snap(second));
      }
      const controller = new AbortController();
      if (random() < 0.3) setTimeout(() => controller.abort(), Math.floor(random() * 60));
      let handles: RepositoryHandle[];
      try {
        handles = await manager.getRepositories(keys, { signal: controller.signal });
      } catch (error) {
        count((error as IndexManagerError).code ?? `unexpected ${String(error)}`);
        return;
      }
      count('ok');
      try {
        expect(handles.map((handle) => handle.key)).toEqual(keys);
        await sleep(Math.floor(random() * 30));
        for (const handle of handles) {
          // Still on disk and readable although other callers evict meanwhile.
          expect(existsSync(handle.path), `${handle.path} held by caller ${index}`).toBe(true);
          expect((await (await handle.repository.open()).getCommit(handle.head)).sha()).toBe(handle.head);
        }
      } finally {
        closeAll(handles);
      }
    };
    await Promise.all(Array.from({ length: 60 }, (_, index) => caller(index)));

    console.log('outcomes', Object.fromEntries(outcomes));
    expect([...outcomes.keys()].every((code) => ['ok', 'ERR_INDEX_CAPACITY', 'ERR_INDEX_ABORTED'].includes(code))).toBe(true);
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(10);
    const status = await manager.status();
    expect(status.every((entry) => entry.openHandles === 0 && entry.pendingRequests === 0)).toBe(true);
    expect(status.filter((entry) => entry.key.kind === 'snapshot').length).toBeLessThanOrEqual(2);

    // Still fully usable afterwards.
    const last = await manager.getRepositories([snap(DATES[0]!), snap(DATES[3]!)]);
    closeAll(last);
    await manager.close();
    const left = await cacheEntries(cache);
    expect(left.filter((name) => name.startsWith('snapshot-')).length).toBeLessThanOrEqual(2);
    expect(left.every((name) => !name.includes('.tmp-') && !name.includes('.evicted-'))).toBe(true);
    expect(existsSync(join(cache, `snapshot-${DATES[3]}`))).toBe(true);
    await done();
  });
});
