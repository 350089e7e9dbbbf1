import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repository } from 'nodegit';
import type { BuiltIndexRepo } from '@registry-miners/testkit';
import { findRegistryResolution } from '../src/index.js';
import type { RepositorySource } from '../src/index.js';
import { referenceFindRegistryResolution } from './referenceSearch.js';
import { commitAt, indexRepo, makeTempDir, recorder, rejection } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let archive: { built: BuiltIndexRepo; repo: Repository };
let current: { built: BuiltIndexRepo; repo: Repository };

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('multi'));
  // The archive snapshot: history up to the squash on Jan 10.
  archive = await indexRepo(
    dir,
    [
      { time: '2020-01-01T00:00:00Z', files: { serde: ['1.0.0'], rand: ['0.7.0'] } },
      { time: '2020-01-03T00:00:00Z', files: { serde: ['1.0.0', '1.0.1'] } },
      { time: '2020-01-05T00:00:00Z', files: { other: ['0.1.0'] } },
      { time: '2020-01-08T00:00:00Z', files: { rand: ['0.7.0', '0.7.1'] } },
      { time: '2020-01-09T00:00:00Z', files: { other: ['0.1.0', '0.1.1'] } },
    ],
    { branch: 'snapshot-2020-01-10' },
  );
  // The current index: its root (Jan 10) holds the archive's files plus `fresh` 1.0.0, which the
  // archive never had; then daily commits.
  current = await indexRepo(
    dir,
    [
      { time: '2020-01-10T00:00:00Z', files: { fresh: ['1.0.0'] } },
      { time: '2020-01-11T00:00:00Z', files: { other: ['0.1.0', '0.1.1', '0.1.2'] } },
      { time: '2020-01-12T00:00:00Z', files: { serde: ['1.0.0', '1.0.1', '1.0.2'] } },
      { time: '2020-01-13T00:00:00Z', files: { other: ['0.1.0', '0.1.1', '0.1.2', '0.1.3'] } },
    ],
    { base: archive.built },
  );
});
afterAll(() => cleanup());

const published = new Date('2020-01-13T12:00:00Z');

/** A lazy source over [current, archive] that records which indexes were asked for. */
function lazySource(): { source: RepositorySource; asked: number[] } {
  const asked: number[] = [];
  const repos = [current.repo, archive.repo];
  return {
    asked,
    source: async (index) => {
      asked.push(index);
      return repos[index];
    },
  };
}

describe('findRegistryResolution across repositories (newest first)', () => {
  it('ends in the newest repository when the drop is inside it, without asking for older ones', async () => {
    const { source, asked } = lazySource();
    const resolution = await findRegistryResolution(source, [{ name: 'serde', version: '1.0.2' }], published);
    expect(resolution).toMatchObject({ commit: commitAt(current.built, '2020-01-12T00:00:00Z'), repositoryIndex: 0 });
    expect(asked).toEqual([0]);
  });

  it('continues into the older repository when the newer one never drops and the older baseline is as high', async () => {
    const { source, asked } = lazySource();
    const packages = [
      { name: 'serde', version: '1.0.1' },
      { name: 'rand', version: '0.7.0' },
    ];
    const resolution = await findRegistryResolution(source, packages, published);
    expect(resolution).toEqual({
      commit: commitAt(archive.built, '2020-01-03T00:00:00Z'),
      time: new Date('2020-01-03T00:00:00Z'),
      found: 2,
      total: 2,
      missing: [],
      repositoryIndex: 1,
    });
    expect(asked).toEqual([0, 1]);
    expect(resolution).toEqual(await referenceFindRegistryResolution([current.repo, archive.repo], packages, published));
  });

  it('answers the newer root when the older repository has strictly fewer packages at its baseline', async () => {
    const { events, onEvent } = recorder();
    const packages = [
      { name: 'fresh', version: '1.0.0' },
      { name: 'serde', version: '1.0.0' },
    ];
    const resolution = await findRegistryResolution([current.repo, archive.repo], packages, published, { onEvent });
    expect(resolution).toMatchObject({ commit: current.built.commits[0]!.id, repositoryIndex: 0, found: 2 });
    expect(events).toContainEqual({ type: 'skip', repositoryIndex: 1, reason: 'older-baseline-lower' });
    expect(resolution).toEqual(await referenceFindRegistryResolution([current.repo, archive.repo], packages, published));
  });

  it('skips an older repository with no matches (not fatal) and answers the newer root', async () => {
    const { events, onEvent } = recorder();
    const resolution = await findRegistryResolution([current.repo, archive.repo], [{ name: 'fresh', version: '1.0.0' }], published, { onEvent });
    expect(resolution).toMatchObject({ commit: current.built.commits[0]!.id, repositoryIndex: 0, found: 1, total: 1 });
    expect(events).toContainEqual({ type: 'skip', repositoryIndex: 1, reason: 'no-matches' });
  });

  it('fails when the first repository has no matches, whatever the older ones hold', async () => {
    const error = await rejection(
      findRegistryResolution([current.repo, archive.repo], [{ name: 'never-published', version: '1.0.0' }], published),
    );
    expect(error.code).toBe('ERR_NONE_FOUND_AT_PUBLISH');
    expect(error.details?.repository).toBe(current.built.path);
  });

  it('searches the older repository when the publish time precedes the newer one\'s history', async () => {
    const { events, onEvent } = recorder();
    const { source, asked } = lazySource();
    const resolution = await findRegistryResolution(source, [{ name: 'serde', version: '1.0.1' }], new Date('2020-01-06T00:00:00Z'), { onEvent });
    expect(resolution).toMatchObject({ commit: commitAt(archive.built, '2020-01-03T00:00:00Z'), repositoryIndex: 1 });
    expect(asked).toEqual([0, 1]);
    expect(events).toContainEqual({ type: 'skip', repositoryIndex: 0, reason: 'no-history-before-bound' });
  });

  it('fails with ERR_PUBLISHED_BEFORE_HISTORY when no repository reaches back to the publish time', async () => {
    const { source } = lazySource();
    const error = await rejection(findRegistryResolution(source, [{ name: 'serde', version: '1.0.0' }], new Date('2019-06-01T00:00:00Z')));
    expect(error.code).toBe('ERR_PUBLISHED_BEFORE_HISTORY');
    expect(error.details?.repository).toBe(archive.built.path);
  });

  it('fails with ERR_NO_REPOSITORIES for an empty source', async () => {
    expect((await rejection(findRegistryResolution([], [{ name: 'serde', version: '1.0.0' }], published))).code).toBe('ERR_NO_REPOSITORIES');
    const none = async (): Promise<undefined> => undefined;
    expect((await rejection(findRegistryResolution(none, [{ name: 'serde', version: '1.0.0' }], published))).code).toBe('ERR_NO_REPOSITORIES');
  });

  it('propagates a failure of the lazy source', async () => {
    const failing: RepositorySource = async (index) => {
      if (index === 0) return current.repo;
      throw new Error('clone failed');
    };
    await expect(findRegistryResolution(failing, [{ name: 'serde', version: '1.0.1' }], published)).rejects.toThrow('clone failed');
  });
});
