import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexManager } from '../src/index.js';
import { openRepository } from '../src/openRepository.js';
import { peekRepository } from '../src/peekRepository.js';
import { METADATA_FILE, readMetadata } from '../src/RepositoryMetadata.js';
import { git, makeCurrentRemote, tempDir } from './helpers.js';

const CURRENT = { kind: 'current' } as const;

describe('peekRepository: a clone recognised without nodegit', () => {
  it('recognises a clone as the manager left it, and nothing that changed since', async () => {
    const dir = await tempDir('peek');
    const remote = await makeCurrentRemote(dir.path, '2020-04-03T12:00:00Z');
    const cacheDir = join(dir.path, 'cache');
    const manager = await IndexManager.open({ cacheDir, currentUrl: remote.url });
    const [handle] = await manager.getRepositories([CURRENT]);
    const { head, headTime } = handle!;
    handle!.close();
    await manager.close();
    const path = join(cacheDir, 'current');
    const metadata = await readMetadata(path);
    expect(metadata).toMatchObject({ head, headTime: headTime.toISOString() });

    // As left: the head and its time come from the metadata, checked against HEAD and the branch.
    const peeked = peekRepository(path, 'master', metadata);
    expect(peeked).toMatchObject({ head, headTime });
    const opened = await openRepository(path, 'master');
    expect({ head: opened.head, headTime: opened.headTime }).toEqual({ head, headTime });
    expect(peeked!.version).not.toBe(opened.version);
    // The repository it hands out opens with nodegit when read.
    expect((await (await peeked!.repository.open()).getCommit(head)).sha()).toBe(head);

    expect(peekRepository(path, 'main', metadata)).toBeUndefined(); // HEAD names another branch
    expect(peekRepository(path, 'master', undefined)).toBeUndefined(); // no metadata
    expect(peekRepository(path, 'master', { lastUpdate: metadata!.lastUpdate, url: metadata!.url })).toBeUndefined(); // metadata without the head

    // The branch moved behind the manager's back (a fetch by hand, a crash before the metadata was written).
    const parent = (await git(['rev-parse', 'master~1'], path)).trim();
    await git(['update-ref', 'refs/heads/master', parent], path);
    expect(peekRepository(path, 'master', metadata)).toBeUndefined();
    await git(['update-ref', 'refs/heads/master', head], path);
    expect(peekRepository(path, 'master', metadata)).toMatchObject({ head });

    // No objects: damaged.
    await rm(join(path, 'objects'), { recursive: true });
    expect(peekRepository(path, 'master', metadata)).toBeUndefined();
    await dir.cleanup();
  });

  it('a restarted manager trusts the metadata only while it matches the clone', async () => {
    const dir = await tempDir('peek-restart');
    const remote = await makeCurrentRemote(dir.path, '2020-04-03T12:00:00Z');
    const cacheDir = join(dir.path, 'cache');
    let manager = await IndexManager.open({ cacheDir, currentUrl: remote.url });
    (await manager.getRepositories([CURRENT])).forEach((handle) => handle.close());
    await manager.close();
    // Metadata that lies about the head (written by hand): the clone is opened with nodegit, which reads the truth.
    const path = join(cacheDir, 'current');
    const metadata = (await readMetadata(path))!;
    await writeFile(join(path, METADATA_FILE), JSON.stringify({ ...metadata, head: '0'.repeat(40), headTime: '2000-01-01T00:00:00.000Z' }));
    manager = await IndexManager.open({ cacheDir, currentUrl: remote.url });
    const [status] = await manager.status();
    expect(status).toMatchObject({ head: metadata.head, headTime: new Date(metadata.headTime!) });
    await manager.close();
    await dir.cleanup();
  });
});
