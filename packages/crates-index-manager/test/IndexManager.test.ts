import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type NodeGit from 'nodegit';
import { RegistryMinersError } from '@registry-miners/utils';
import { describe, expect, it, vi } from 'vitest';
import {
  GitCommandError,
  IndexManager,
  IndexManagerError,
  RegistryOutOfDateError,
  type IndexProgressEvent,
  type RepositoryHandle,
} from '../src/index.js';
import { addCommit, cacheEntries, makeCurrentRemote, tempDir, remotesForSuite } from './helpers.js';

const CURRENT = { kind: 'current' } as const;
/** GIT_REFERENCE_ALL (the typings declare Reference.TYPE as an ambient const enum). */
const REFERENCE_ALL = 3 as NodeGit.Reference.TYPE;
const snap = (date: string) => ({ kind: 'snapshot', date }) as const;
const closeAll = (handles: RepositoryHandle[]): void => handles.forEach((handle) => handle.close());

async function readFileAt(handle: RepositoryHandle, file: string): Promise<string> {
  const commit = await (await handle.repository.open()).getCommit(handle.head);
  const entry = await commit.getEntry(file);
  return (await entry.getBlob()).toString();
}

describe('IndexManager', () => {
  const remotes = remotesForSuite('remotes', ['2020-01-10', '2020-03-25']);

  it('clones lazily, returns handles in key order, and re-opens the clones after a restart', async () => {
    const cache = await tempDir('cache');
    const events: IndexProgressEvent[] = [];
    let manager = await IndexManager.open({ cacheDir: cache.path, ...remotes().urls, onProgress: (event) => events.push(event) });
    expect(manager.transport).toBe('git');
    expect(await cacheEntries(cache.path)).toEqual([]);

    const handles = await manager.getRepositories([snap('2020-03-25'), CURRENT]);
    expect(handles.map((handle) => handle.key)).toEqual([snap('2020-03-25'), CURRENT]);
    expect(handles[1]!.head).toBe(remotes().currentTip);
    expect(handles[1]!.headTime.toISOString()).toBe('2020-04-03T12:00:00.000Z');
    expect(handles[0]!.path).toBe(join(cache.path, 'snapshot-2020-03-25'));
    expect(await readFileAt(handles[1]!, 'ra/nd/rand')).toContain('"vers":"0.7.0"');
    expect(await readFileAt(handles[0]!, 'cr/at/crate-2020-03-25')).toContain('"vers":"0.1.0"');
    // Bare, single branch.
    const refs = await (await handles[0]!.repository.open()).getReferenceNames(REFERENCE_ALL);
    expect(refs).toEqual(['refs/heads/snapshot-2020-03-25']);
    expect((await handles[0]!.repository.open()).isBare()).toBe(1);
    // git's progress reached the callback, labelled with the repository.
    expect(events.some((event) => event.name === 'current' && event.operation === 'clone' && event.phase === 'Receiving objects')).toBe(true);

    const status = await manager.status();
    expect(status.map((entry) => [entry.name, entry.state, entry.openHandles])).toEqual([
      ['current', 'ready', 1],
      ['snapshot-2020-03-25', 'ready', 1],
    ]);
    expect(status.every((entry) => entry.bytes > 0 && entry.head !== undefined)).toBe(true);
    closeAll(handles);
    handles[0]!.close(); // idempotent
    expect((await manager.status()).map((entry) => entry.openHandles)).toEqual([0, 0]);
    await manager.close();
    await manager.close(); // idempotent

    // Restart: the clones are found again, nothing is cloned (an unreachable remote proves it).
    manager = await IndexManager.open({ cacheDir: cache.path, currentUrl: 'file:///nonexistent', archiveUrl: 'file:///nonexistent' });
    const again = await manager.getRepositories([CURRENT, snap('2020-03-25')]);
    expect(again[0]!.head).toBe(remotes().currentTip);
    closeAll(again);
    const single = await manager.getRepository(snap('2020-03-25'));
    expect(single.key).toEqual(snap('2020-03-25'));
    single.close();
    await manager.close();
    expect(await cacheEntries(cache.path)).toEqual(['current', 'snapshot-2020-03-25']);
    await cache.cleanup();
  });

  it('rejects bad and duplicate keys, and calls after close', async () => {
    const cache = await tempDir('keys');
    const manager = await IndexManager.open({ cacheDir: cache.path, ...remotes().urls });
    for (const keys of [[{ kind: 'snapshot', date: '2020-02-30' }], [{ kind: 'nightly' }], [CURRENT, CURRENT], [snap('2020-03-25'), snap('2020-03-25')]]) {
      const error = await manager.getRepositories(keys as never).catch((e: unknown) => e);
      expect((error as IndexManagerError).code).toBe('ERR_INDEX_BAD_KEY');
    }
    expect(await manager.getRepositories([])).toEqual([]);
    await manager.close();
    await expect(manager.getRepositories([CURRENT])).rejects.toMatchObject({ code: 'ERR_INDEX_CLOSED' });
    await cache.cleanup();
  });

  it('validates options with a TypeError showing the value', async () => {
    await expect(IndexManager.open({ cacheDir: '' })).rejects.toThrow("Expected `cacheDir` to be a non-empty string, got ''");
    await expect(IndexManager.open({ cacheDir: '/tmp/x', maxSnapshots: 1.5 })).rejects.toThrow('Expected `maxSnapshots` to be an integer >= 0, got 1.5');
    await expect(IndexManager.open({ cacheDir: '/tmp/x', updateIntervalMs: -1 })).rejects.toThrow(TypeError);
  });

  it('fails with ERR_INDEX_CLONE for a snapshot the archive lacks, leaving nothing behind', async () => {
    const cache = await tempDir('missing');
    const manager = await IndexManager.open({ cacheDir: cache.path, ...remotes().urls });
    const error = (await manager.getRepositories([CURRENT, snap('2019-01-01')]).catch((e: unknown) => e)) as IndexManagerError;
    expect(error).toBeInstanceOf(RegistryMinersError);
    expect(error.code).toBe('ERR_INDEX_CLONE');
    expect(error.details).toEqual({ repository: 'snapshot-2019-01-01', url: remotes().urls.archiveUrl });
    // git itself failed (the branch is missing): its exit status and stderr are facts of the cause.
    expect(error.cause).toBeInstanceOf(GitCommandError);
    expect((error.cause as GitCommandError).details).toMatchObject({ exitCode: 128, stderr: expect.stringContaining('snapshot-2019-01-01') });
    expect(error.hint).toContain('listAvailableSnapshots');
    expect(error.message).not.toContain(error.hint);
    // The current index clone of the failed request goes on (a retry will find it); the snapshot left no trace.
    await vi.waitFor(async () => expect((await manager.status()).map((entry) => [entry.name, entry.state])).toEqual([['current', 'ready']]), { timeout: 15_000 }); // a real git clone: slow on a loaded machine
    await manager.close();
    expect(await cacheEntries(cache.path)).toEqual(['current']);
    await cache.cleanup();
  });

  it('refuses a second manager on the same directory while the first is open', async () => {
    const cache = await tempDir('lock');
    const manager = await IndexManager.open({ cacheDir: cache.path, ...remotes().urls });
    await expect(IndexManager.open({ cacheDir: cache.path })).rejects.toMatchObject({ code: 'ERR_INDEX_LOCKED', details: { holder: { pid: process.pid } } });
    await manager.close();
    const second = await IndexManager.open({ cacheDir: cache.path });
    await second.close();
    await cache.cleanup();
  });
});

describe('IndexManager current index updates', () => {
  it('reports an out-of-date index, refreshes it after the interval, and keeps old handles consistent', async () => {
    const dir = await tempDir('update');
    const remote = await makeCurrentRemote(dir.path, '2020-04-03T12:00:00Z');
    let clock = new Date('2020-04-03T13:00:00Z');
    const interval = 30 * 60_000;
    const manager = await IndexManager.open({
      cacheDir: join(dir.path, 'cache'),
      currentUrl: remote.url,
      updateIntervalMs: interval,
      now: () => clock,
    });

    // Cloned in this very request, and still too old for `contains`.
    const required = new Date('2020-04-03T12:30:00Z');
    const error = (await manager.getRepositories([CURRENT], { contains: required }).catch((e: unknown) => e)) as RegistryOutOfDateError;
    expect(error).toBeInstanceOf(RegistryOutOfDateError);
    expect(error.code).toBe('ERR_REGISTRY_OUT_OF_DATE');
    expect(error.details.requiredTime).toEqual(required);
    expect(error.requiredTime).toBe(error.details.requiredTime);
    expect(error.headTime.toISOString()).toBe('2020-04-03T12:00:00.000Z');
    expect(error.details.nextUpdateTime.toISOString()).toBe('2020-04-03T13:30:00.000Z');
    expect(error.updateIntervalMs).toBe(interval);
    expect(existsSync(join(dir.path, 'cache', 'current'))).toBe(true);

    const old = await manager.getRepositories([CURRENT], { contains: new Date('2020-04-03T12:00:00Z') });
    expect(old[0]!.head).toBe(remote.tip);

    // The remote moves on; within the interval nothing is fetched.
    const newTip = await addCommit(remote.path, 'master', '2020-04-03T13:10:00Z');
    clock = new Date('2020-04-03T13:20:00Z');
    await expect(manager.getRepositories([CURRENT], { contains: new Date('2020-04-03T13:05:00Z') })).rejects.toBeInstanceOf(
      RegistryOutOfDateError,
    );

    // After the interval, a request fetches first, and the new head covers the time.
    clock = new Date('2020-04-03T13:31:00Z');
    const fresh = await manager.getRepositories([CURRENT], { contains: new Date('2020-04-03T13:05:00Z') });
    expect(fresh[0]!.head).toBe(newTip);
    expect(fresh[0]!.headTime.toISOString()).toBe('2020-04-03T13:10:00.000Z');
    const [status] = await manager.status();
    expect(status!.lastUpdate?.toISOString()).toBe('2020-04-03T13:31:00.000Z');

    // The handle taken before the fetch still reads its pinned commit.
    expect(old[0]!.head).toBe(remote.tip);
    const oldCommit = await (await old[0]!.repository.open()).getCommit(old[0]!.head);
    expect((await (await oldCommit.getEntry('ra/nd/rand')).getBlob()).toString()).toContain('0.7.0');
    closeAll(old);
    closeAll(fresh);
    await manager.close();

    // The update time survives a restart: no fetch within the interval (unreachable remote).
    const reopened = await IndexManager.open({ cacheDir: join(dir.path, 'cache'), currentUrl: 'file:///nonexistent', now: () => clock });
    const handles = await reopened.getRepositories([CURRENT]);
    expect(handles[0]!.head).toBe(newTip);
    closeAll(handles);
    await reopened.close();
    await dir.cleanup();
  });

  it('falls back to nodegit when git cannot run, cloning and refreshing the same way', async () => {
    const dir = await tempDir('nodegit');
    const remote = await makeCurrentRemote(dir.path);
    let clock = new Date('2020-04-03T13:00:00Z');
    const events: IndexProgressEvent[] = [];
    const manager = await IndexManager.open({
      cacheDir: join(dir.path, 'cache'),
      currentUrl: remote.url,
      gitBinary: join(dir.path, 'no-such-git'),
      now: () => clock,
      onProgress: (event) => events.push(event),
    });
    expect(manager.transport).toBe('nodegit');
    const first = await manager.getRepositories([CURRENT]);
    expect(first[0]!.head).toBe(remote.tip);
    expect(await readFileAt(first[0]!, 'se/rd/serde')).toContain('"vers":"1.0.1"');
    const refs = await (await first[0]!.repository.open()).getReferenceNames(REFERENCE_ALL);
    expect(refs).toEqual(['refs/heads/master']);
    const newTip = await addCommit(remote.path, 'master', '2020-04-03T13:10:00Z');
    clock = new Date('2020-04-03T14:00:00Z');
    const second = await manager.getRepositories([CURRENT], { contains: new Date('2020-04-03T13:10:00Z') });
    expect(second[0]!.head).toBe(newTip);
    expect(events.some((event) => event.operation === 'clone' && event.phase === 'Receiving objects')).toBe(true);
    closeAll(first);
    closeAll(second);
    await manager.close();
    await dir.cleanup();
  });

  it('fails with ERR_INDEX_FETCH when the refresh fails, and retries on the next request', async () => {
    const dir = await tempDir('fetchfail');
    const remote = await makeCurrentRemote(dir.path);
    let clock = new Date('2020-04-03T13:00:00Z');
    let fetches = 0;
    const manager = await IndexManager.open({
      cacheDir: join(dir.path, 'cache'),
      currentUrl: remote.url,
      now: () => clock,
      fetchRepository: async () => {
        fetches++;
        if (fetches === 1) throw new Error('network down');
      },
    });
    closeAll(await manager.getRepositories([CURRENT]));
    clock = new Date('2020-04-03T14:00:00Z');
    await expect(manager.getRepositories([CURRENT])).rejects.toMatchObject({ code: 'ERR_INDEX_FETCH', message: expect.stringContaining('network down') });
    closeAll(await manager.getRepositories([CURRENT]));
    expect(fetches).toBe(2);
    await manager.close();
    await dir.cleanup();
  });
});
