import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexManager, IndexManagerError, listAvailableSnapshots, nodegitListRefs } from '../src/index.js';
import { makeArchiveRemote, tempDir } from './helpers.js';

describe('listAvailableSnapshots', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let archive: { path: string; url: string };
  const dates = ['2020-03-25', '2019-10-17', '2020-01-10'];

  beforeAll(async () => {
    dir = await tempDir('list');
    archive = await makeArchiveRemote(dir.path, dates);
  });
  afterAll(() => dir.cleanup());

  it('lists the snapshot branches of the archive, sorted, ignoring other refs', async () => {
    expect(await listAvailableSnapshots({ archiveUrl: archive.url })).toEqual(['2019-10-17', '2020-01-10', '2020-03-25']);
  });

  it('gives the same list through nodegit', async () => {
    expect(await listAvailableSnapshots({ archiveUrl: archive.url, listRefs: nodegitListRefs })).toEqual(['2019-10-17', '2020-01-10', '2020-03-25']);
  });

  it('is available on the manager, with its archiveUrl', async () => {
    const cache = await tempDir('list-cache');
    const manager = await IndexManager.open({ cacheDir: cache.path, archiveUrl: archive.url });
    try {
      expect(await manager.listAvailableSnapshots()).toEqual(['2019-10-17', '2020-01-10', '2020-03-25']);
    } finally {
      await manager.close();
      await cache.cleanup();
    }
  });

  it('fails with ERR_INDEX_LIST for an unreachable archive', async () => {
    const error = await listAvailableSnapshots({ archiveUrl: `${archive.url}-missing` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexManagerError);
    expect((error as IndexManagerError).code).toBe('ERR_INDEX_LIST');
    expect((error as IndexManagerError).message).toContain('archive.git-missing');
  });
});
