import { describe, expect, it } from 'vitest';
import { findRegistryResolution } from '../src/index.js';
import { referenceFindRegistryResolution } from './referenceSearch.js';
import { commitAt, indexRepo, tempDirForFile, recorder, rejection } from './fixtures.js';

const tempDir = tempDirForFile('anchor');

// crates.io says mycrate 0.2.0 was created at 10:04:00, but the index commit adding it is at 10:05
// and the lockfile already used dep 1.1.0, whose index commit is at 10:04:30.
const created = new Date('2020-01-02T10:04:00Z');
const packages = [
  { name: 'dep', version: '1.1.0' },
  { name: 'other', version: '1.0.0' },
];

async function history() {
  return indexRepo(tempDir(), [
    { time: '2020-01-01T00:00:00Z', files: { dep: ['1.0.0'], other: ['1.0.0'] } },
    { time: '2020-01-02T10:04:30Z', files: { dep: ['1.0.0', '1.1.0'] } },
    { time: '2020-01-02T10:05:00Z', files: { mycrate: ['0.2.0'] } },
    { time: '2020-01-02T11:00:00Z', files: { other: ['1.0.0', '1.0.1'] } },
    { time: '2020-01-03T00:00:00Z', files: { mycrate: ['0.2.0', '0.3.0'] } },
  ]);
}

describe('anchor option', () => {
  it('without an anchor, a created_at before the index commit misses packages', async () => {
    const { built, repo } = await history();
    const resolution = await findRegistryResolution([repo], packages, created);
    expect(resolution).toMatchObject({ commit: built.commits[0]!.id, found: 1, missing: [{ name: 'dep', version: '1.1.0' }] });
  });

  it("uses the target crate's first index commit as the upper bound", async () => {
    const { built, repo } = await history();
    const { events, onEvent } = recorder();
    const anchor = { name: 'mycrate', version: '0.2.0' };
    const resolution = await findRegistryResolution([repo], packages, created, { anchor, onEvent });
    expect(resolution).toEqual({
      commit: commitAt(built, '2020-01-02T10:04:30Z'),
      time: new Date('2020-01-02T10:04:30Z'),
      found: 2,
      total: 2,
      missing: [],
      repositoryIndex: 0,
    });
    expect(events).toContainEqual({
      type: 'anchor',
      repositoryIndex: 0,
      commit: commitAt(built, '2020-01-02T10:05:00Z'),
      time: new Date('2020-01-02T10:05:00Z'),
    });
    expect(resolution).toEqual(await referenceFindRegistryResolution([repo], packages, created, { anchor }));
  });

  it('fails with ERR_ANCHOR_NOT_FOUND when the version is not in the index', async () => {
    const { built, repo } = await history();
    const error = await rejection(findRegistryResolution([repo], packages, created, { anchor: { name: 'mycrate', version: '9.9.9' } }));
    expect(error.code).toBe('ERR_ANCHOR_NOT_FOUND');
    expect(error.message).toContain('mycrate@9.9.9');
    expect(error.details?.repository).toBe(built.path);
  });

  it('follows the anchor into an older repository when it is already in the newer one\'s root', async () => {
    const archive = await indexRepo(
      tempDir(),
      [
        { time: '2020-01-01T00:00:00Z', files: { dep: ['1.0.0'] } },
        { time: '2020-01-03T00:00:00Z', files: { dep: ['1.0.0', '1.1.0'] } },
        { time: '2020-01-04T00:00:00Z', files: { mycrate: ['0.2.0'] } },
        { time: '2020-01-05T00:00:00Z', files: { other: ['1.0.0'] } },
      ],
      { branch: 'snapshot-2020-01-06' },
    );
    const current = await indexRepo(
      tempDir(),
      [{ time: '2020-01-06T00:00:00Z' }, { time: '2020-01-07T00:00:00Z', files: { other: ['1.0.0', '1.0.1'] } }],
      { base: archive.built },
    );
    const { events, onEvent } = recorder();
    const resolution = await findRegistryResolution(
      [current.repo, archive.repo],
      [{ name: 'dep', version: '1.1.0' }],
      new Date('2020-01-04T00:00:00Z'),
      { anchor: { name: 'mycrate', version: '0.2.0' }, onEvent },
    );
    expect(events.find((e) => e.type === 'anchor')).toMatchObject({ repositoryIndex: 1, commit: commitAt(archive.built, '2020-01-04T00:00:00Z') });
    expect(resolution).toMatchObject({ commit: commitAt(archive.built, '2020-01-03T00:00:00Z'), repositoryIndex: 1, found: 1 });
  });
});
