import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBundleRemotes, type BundleRemotes } from '@registry-miners/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexManager, type RepositoryHandle } from '../src/index.js';
import { cacheEntries, tempDir, remotesForSuite } from './helpers.js';

const CURRENT = { kind: 'current' } as const;
const snap = (date: string) => ({ kind: 'snapshot', date }) as const;
const closeAll = (handles: RepositoryHandle[]): void => handles.forEach((handle) => handle.close());
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('IndexManager recovery', () => {
  const remotes = remotesForSuite('rec-remotes', ['2020-01-10', '2020-03-25']);

  it('sets damaged repositories aside at start-up, removes leftovers, and clones them again', async () => {
    const cache = await tempDir('damaged');
    let manager = await IndexManager.open({ cacheDir: cache.path, ...remotes().urls });
    closeAll(await manager.getRepositories([CURRENT, snap('2020-03-25')]));
    await manager.close();

    await truncate(join(cache.path, 'current', 'HEAD'), 0);
    await rm(join(cache.path, 'snapshot-2020-03-25', 'objects'), { recursive: true });
    await writeFile(join(cache.path, 'snapshot-2020-01-01'), 'not a repository');
    await mkdir(join(cache.path, 'snapshot-2020-01-10.tmp-12345-deadbeef', 'objects'), { recursive: true });
    await mkdir(join(cache.path, 'snapshot-2020-02-10.evicted-12345-deadbeef'));
    await writeFile(join(cache.path, 'notes.txt'), 'left alone');

    manager = await IndexManager.open({ cacheDir: cache.path, ...remotes().urls });
    expect(manager.setAside.map((entry) => entry.name).sort()).toEqual(['current', 'snapshot-2020-01-01', 'snapshot-2020-03-25']);
    expect(manager.setAside.every((entry) => entry.movedTo.includes('.damaged-') && entry.reason.length > 0)).toBe(true);
    expect(await manager.status()).toEqual([]);
    const entries = await cacheEntries(cache.path);
    expect(entries.filter((name) => name.includes('.damaged-'))).toHaveLength(3);
    expect(entries.filter((name) => !name.includes('.damaged-'))).toEqual(['notes.txt']);

    const handles = await manager.getRepositories([CURRENT, snap('2020-03-25')]);
    for (const handle of handles) expect((await (await handle.repository.open()).getCommit(handle.head)).sha()).toBe(handle.head);
    closeAll(handles);
    await manager.close();
    await cache.cleanup();
  });

  describe('with the real crates.io index bundle', () => {
    let bundle: { path: string; cleanup: () => Promise<void> };
    let real: BundleRemotes;

    beforeAll(async () => {
      bundle = await tempDir('bundle-remotes');
      real = await makeBundleRemotes(bundle.path);
    }, 120_000);
    afterAll(() => bundle.cleanup());

    it('leaves no half-made clone when the process is SIGKILLed mid-clone, and clones cleanly after a restart', async () => {
      const cache = await tempDir('kill');
      // The child and its git processes form one process group, killed at once like a crashed container.
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'test/fixtures/cloneChild.ts', cache.path, real.current.url], {
        cwd: packageDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      const killed = new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('progress Receiving objects')) {
            process.kill(-child.pid!, 'SIGKILL');
          }
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
        });
        child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve(output) : reject(new Error(`child ended without being killed: ${output}`))));
      });
      await killed;
      expect(output).not.toContain('done');
      const left = await readdir(cache.path);
      expect(left).not.toContain('current');
      expect(left.some((name) => name.startsWith('current.tmp-'))).toBe(true);
      expect(left).toContain('index-manager-lock.json'); // the dead process's record (the OS dropped its lock)

      // Same remote, given as a plain path: git then hard-links instead of transferring (keeps the test fast).
      const manager = await IndexManager.open({ cacheDir: cache.path, currentUrl: real.current.path });
      expect(await cacheEntries(cache.path)).toEqual([]);
      const handles = await manager.getRepositories([CURRENT]);
      expect(handles[0]!.head).toBe(real.current.tip);
      expect(handles[0]!.headTime.toISOString()).toBe('2020-04-26T12:07:46.000Z');
      closeAll(handles);
      await manager.close();
      expect(await cacheEntries(cache.path)).toEqual(['current']);
      await cache.cleanup();
    });

    it('stops a running git clone when its only caller aborts, removing its temporary directory', async () => {
      const cache = await tempDir('abort-git');
      const controller = new AbortController();
      const manager = await IndexManager.open({
        cacheDir: cache.path,
        archiveUrl: real.archive.url,
        onProgress: (event) => {
          if (event.phase === 'Receiving objects') controller.abort();
        },
      });
      const error = await manager.getRepositories([snap('2020-03-25')], { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_INDEX_ABORTED' });
      await manager.close(); // waits for git to exit and its directory to be removed
      expect(await cacheEntries(cache.path)).toEqual([]);
      await cache.cleanup();
    });
  });
});
