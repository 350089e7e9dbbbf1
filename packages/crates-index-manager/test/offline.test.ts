import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexManager, IndexManagerError } from '../src/index.js';
import type { IndexManagerWarning } from '../src/index.js';
import { makeArchiveRemote, makeCurrentRemote, tempDir } from './helpers.js';

const CURRENT = { kind: 'current' } as const;

describe('a warm cache without network', () => {
  it('lists the remembered snapshots, with a warning, when the archive is gone', async () => {
    const dir = await tempDir('offline-list');
    const archive = await makeArchiveRemote(dir.path, ['2020-01-10', '2020-03-25']);
    const cacheDir = join(dir.path, 'cache');
    const warnings: IndexManagerWarning[] = [];
    const online = await IndexManager.open({ cacheDir, archiveUrl: archive.url });
    expect(await online.listAvailableSnapshots()).toEqual(['2020-01-10', '2020-03-25']);
    await online.close();

    await rename(archive.path, `${archive.path}-gone`);
    const offline = await IndexManager.open({ cacheDir, archiveUrl: archive.url, onWarning: (warning) => warnings.push(warning) });
    expect(await offline.listAvailableSnapshots()).toEqual(['2020-01-10', '2020-03-25']);
    await offline.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'WARN_INDEX_REMEMBERED_SNAPSHOTS', message: expect.stringContaining('using the 2 remembered from') });
    expect(warnings[0]!.cause.code).toBe('ERR_INDEX_LIST');

    // A list remembered for another archive is never used.
    const other = await IndexManager.open({ cacheDir, archiveUrl: `${archive.url}-other` });
    await expect(other.listAvailableSnapshots()).rejects.toMatchObject({ code: 'ERR_INDEX_LIST' });
    await other.close();
    await dir.cleanup();
  });

  it('with maxAgeMs, reuses a list remembered that recently without asking the archive; an older one is listed again', async () => {
    const dir = await tempDir('list-max-age');
    const archive = await makeArchiveRemote(dir.path, ['2020-01-10', '2020-03-25']);
    const cacheDir = join(dir.path, 'cache');
    let clock = new Date('2020-04-03T12:00:00Z');
    const warnings: IndexManagerWarning[] = [];
    const manager = await IndexManager.open({ cacheDir, archiveUrl: archive.url, now: () => clock, onWarning: (warning) => warnings.push(warning) });
    expect(await manager.listAvailableSnapshots({ maxAgeMs: 30 * 60_000 })).toEqual(['2020-01-10', '2020-03-25']); // nothing remembered: listed
    await rename(archive.path, `${archive.path}-gone`);
    clock = new Date('2020-04-03T12:29:00Z');
    expect(await manager.listAvailableSnapshots({ maxAgeMs: 30 * 60_000 })).toEqual(['2020-01-10', '2020-03-25']);
    expect(warnings).toEqual([]); // the archive was not asked: nothing failed
    clock = new Date('2020-04-03T12:31:00Z');
    expect(await manager.listAvailableSnapshots({ maxAgeMs: 30 * 60_000 })).toEqual(['2020-01-10', '2020-03-25']);
    expect(warnings.map((warning) => warning.code)).toEqual(['WARN_INDEX_REMEMBERED_SNAPSHOTS']); // asked, failed, fell back
    await expect(manager.listAvailableSnapshots({ maxAgeMs: -1 })).rejects.toThrow('options.maxAgeMs');
    await manager.close();
    await dir.cleanup();
  });

  it('fails with ERR_INDEX_LIST when nothing was remembered', async () => {
    const dir = await tempDir('offline-cold');
    const manager = await IndexManager.open({ cacheDir: join(dir.path, 'cache'), archiveUrl: `file://${dir.path}/missing.git` });
    await expect(manager.listAvailableSnapshots()).rejects.toBeInstanceOf(IndexManagerError);
    await manager.close();
    await dir.cleanup();
  });

  it('uses a stale current index that covers the requested time when its refresh fails, with a warning', async () => {
    const dir = await tempDir('offline-fetch');
    const remote = await makeCurrentRemote(dir.path, '2020-04-03T12:00:00Z');
    let clock = new Date('2020-04-03T13:00:00Z');
    const warnings: IndexManagerWarning[] = [];
    const manager = await IndexManager.open({
      cacheDir: join(dir.path, 'cache'),
      currentUrl: remote.url,
      now: () => clock,
      onWarning: (warning) => warnings.push(warning),
    });
    (await manager.getRepositories([CURRENT])).forEach((handle) => handle.close());
    await rename(remote.path, `${remote.path}-gone`);
    clock = new Date('2020-04-03T15:00:00Z'); // past the 30-minute update interval

    const [handle] = await manager.getRepositories([CURRENT], { contains: new Date('2020-04-03T11:00:00Z') });
    expect(handle!.head).toBe(remote.tip);
    handle!.close();
    expect(warnings.map((warning) => warning.code)).toEqual(['WARN_INDEX_UPDATE_SKIPPED']);
    expect(warnings[0]!.message).toContain('covers 2020-04-03T11:00:00.000Z');

    // A time after the clone's head, or no time at all, still needs the refresh: it fails.
    await expect(manager.getRepositories([CURRENT], { contains: new Date('2020-04-03T12:30:00Z') })).rejects.toMatchObject({ code: 'ERR_INDEX_FETCH' });
    await expect(manager.getRepositories([CURRENT])).rejects.toMatchObject({ code: 'ERR_INDEX_FETCH' });
    await manager.close();
    await dir.cleanup();
  });
});

describe('a cache directory that cannot be written', () => {
  it('is ERR_INDEX_CACHE_DIR with a hint when a file is in the way', async () => {
    const dir = await tempDir('cache-file');
    const file = join(dir.path, 'not-a-dir');
    await writeFile(file, 'x');
    const error = await IndexManager.open({ cacheDir: join(file, 'cache') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INDEX_CACHE_DIR', message: expect.stringContaining('is not a directory'), hint: expect.stringContaining('writable cacheDir') });
    await dir.cleanup();
  });

  it('is ERR_INDEX_CACHE_DIR with a hint when the file system refuses writes', async () => {
    // sysfs refuses new directories even to root; other users get the same from a read-only folder.
    const error = await IndexManager.open({ cacheDir: '/sys/registry-miners-cache' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexManagerError);
    expect(error).toMatchObject({ code: 'ERR_INDEX_CACHE_DIR', message: expect.stringMatching(/\/sys\/registry-miners-cache .*\((EPERM|EACCES|EROFS)\)/) });
  });
});
