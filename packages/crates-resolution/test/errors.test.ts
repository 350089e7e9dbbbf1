import { RegistryMinersError } from '@registry-miners/utils';
import { execFileSync } from 'node:child_process';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import NodeGit from 'nodegit';
import { describe, expect, it } from 'vitest';
import { findRegistryResolution, ResolutionError } from '../src/index.js';
import { referenceFindRegistryResolution } from './referenceSearch.js';
import { indexRepo, tempDirForFile, rejection } from './fixtures.js';

const tempDir = tempDirForFile('errors');

const published = new Date('2020-01-05T00:00:00Z');
const serde = [{ name: 'serde', version: '1.0.1' }];

async function smallIndex() {
  return indexRepo(tempDir(), [
    { time: '2020-01-01T00:00:00Z', files: { serde: ['1.0.0'], rand: ['0.7.0'] } },
    { time: '2020-01-02T00:00:00Z', files: { serde: ['1.0.0', '1.0.1'] } },
    { time: '2020-01-03T00:00:00Z', files: { rand: ['0.7.0', '0.7.1'] } },
  ]);
}

/** Turns the repository's packs into loose objects, so single objects can be deleted. */
async function unpack(path: string): Promise<void> {
  const packDir = join(path, 'objects', 'pack');
  for (const name of await readdir(packDir)) {
    if (!name.endsWith('.pack')) continue;
    const moved = join(tempDir(), `${name}-${Date.now()}`);
    await rename(join(packDir, name), moved);
    await rm(join(packDir, name.replace(/\.pack$/, '.idx')));
    execFileSync('git', ['unpack-objects', '-q'], { cwd: path, input: execFileSync('cat', [moved]) });
  }
}

async function deleteObject(path: string, oid: string): Promise<void> {
  await rm(join(path, 'objects', oid.slice(0, 2), oid.slice(2)));
}

function revParse(path: string, rev: string): string {
  return execFileSync('git', ['rev-parse', rev], { cwd: path, encoding: 'utf8' }).trim();
}

describe('errors', () => {
  it('propagates a missing blob as ERR_READ instead of counting the package absent', async () => {
    const { built } = await smallIndex();
    await unpack(built.path);
    const blob = revParse(built.path, `${built.tip}:se/rd/serde`);
    await deleteObject(built.path, blob);
    const repo = await NodeGit.Repository.openBare(built.path);
    const error = await rejection(findRegistryResolution([repo], serde, published));
    expect(error.code).toBe('ERR_READ');
    expect(error.details?.repository).toBe(built.path);
    expect(error.message).toContain(blob);
    expect(error.message).toContain('se/rd/serde');
    expect(error.hint).toMatch(/clone/);
    expect(error.cause).toBeInstanceOf(Error);
    // The reference port does the same (the Go code would have counted serde absent here).
    expect((await rejection(referenceFindRegistryResolution([repo], serde, published))).code).toBe('ERR_READ');
  });

  it('propagates a missing directory tree as ERR_READ', async () => {
    const { built } = await smallIndex();
    await unpack(built.path);
    const tree = revParse(built.path, `${built.commits[0]!.id}:se`);
    await deleteObject(built.path, tree);
    const repo = await NodeGit.Repository.openBare(built.path);
    // The root commit's `se/` tree is only needed when the search reaches the root.
    const error = await rejection(findRegistryResolution([repo], [{ name: 'serde', version: '1.0.0' }], published));
    expect(error.code).toBe('ERR_READ');
    expect(error.message).toContain(tree);
  });

  it('fails with ERR_NOT_A_CRATES_INDEX for a repository that is not an index, naming it', async () => {
    const path = join(tempDir(), 'project.git');
    execFileSync('git', ['init', '--quiet', '--bare', path]);
    const stamp = '1577836800 +0000';
    const stream = [
      'commit refs/heads/master',
      `committer Someone <someone@example.invalid> ${stamp}`,
      'data 4',
      'init',
      'M 100644 inline src/main.rs',
      'data 12',
      'fn main() {}',
      'M 100644 inline README.md',
      'data 5',
      'hello',
      '',
    ].join('\n');
    execFileSync('git', ['fast-import', '--quiet'], { cwd: path, input: stream });
    const repo = await NodeGit.Repository.openBare(path);
    const error = await rejection(findRegistryResolution([repo], serde, published));
    expect(error.code).toBe('ERR_NOT_A_CRATES_INDEX');
    expect(error.message).toContain(path);
    expect(error.message).toContain('config.json');
  });

  it('fails with ERR_NOT_A_CRATES_INDEX for a repository without commits', async () => {
    const path = join(tempDir(), 'empty.git');
    execFileSync('git', ['init', '--quiet', '--bare', path]);
    const repo = await NodeGit.Repository.openBare(path);
    const error = await rejection(findRegistryResolution([repo], serde, published));
    expect(error.code).toBe('ERR_NOT_A_CRATES_INDEX');
    expect(error.message).toMatch(/no commits/);
  });

  it('fails with ERR_SHALLOW_REPOSITORY for a shallow clone', async () => {
    const { built } = await smallIndex();
    const path = join(tempDir(), 'shallow.git');
    execFileSync('git', ['clone', '--quiet', '--bare', '--depth', '1', built.url, path]);
    const repo = await NodeGit.Repository.openBare(path);
    expect((await rejection(findRegistryResolution([repo], serde, published))).code).toBe('ERR_SHALLOW_REPOSITORY');
  });

  it('fails with ERR_NO_PACKAGES for an empty package list', async () => {
    const { repo } = await smallIndex();
    const error = await rejection(findRegistryResolution([repo], [], published));
    expect(error.code).toBe('ERR_NO_PACKAGES');
    expect(error.hint).toMatch(/crates\.io/);
  });

  it('cancels with ERR_ABORTED, before starting and in the middle of a search', async () => {
    const { repo } = await smallIndex();
    const before = new AbortController();
    before.abort(new Error('stop'));
    const early = await rejection(findRegistryResolution([repo], serde, published, { signal: before.signal }));
    expect(early.code).toBe('ERR_ABORTED');
    expect((early.cause as Error).message).toBe('stop');

    const during = new AbortController();
    const late = await rejection(
      findRegistryResolution([repo], serde, published, {
        signal: during.signal,
        onEvent: (event) => {
          if (event.type === 'probe') during.abort();
        },
      }),
    );
    expect(late.code).toBe('ERR_ABORTED');
  });

  it('rejects invalid arguments with a TypeError showing the value', async () => {
    const { repo } = await smallIndex();
    const call = (...args: unknown[]) =>
      (findRegistryResolution as (...a: unknown[]) => Promise<unknown>)(...args);
    await expect(call([repo], serde, new Date('nope'))).rejects.toThrow(TypeError);
    await expect(call([repo], serde, '2020-01-01')).rejects.toThrow(/Expected `publishTime` to be a valid Date, got '2020-01-01'/);
    await expect(call([repo], 'serde', published)).rejects.toThrow(/Expected `packages` to be an array/);
    await expect(call([repo], [{ name: 'serde' }], published)).rejects.toThrow(/Expected `packages\[0\]` to be .*, got \{ name: 'serde' \}/);
    await expect(call('repo', serde, published)).rejects.toThrow(/Expected `repositories` to be an array or a function/);
    await expect(call([{}], serde, published)).rejects.toThrow(/Expected `repositories\[0\]` to be a nodegit Repository/);
    await expect(call([repo], serde, published, { onEvent: 1 })).rejects.toThrow(/Expected `options.onEvent` to be a function, got 1/);
    await expect(call([repo], serde, published, { signal: {} })).rejects.toThrow(/Expected `options.signal` to be an AbortSignal/);
    await expect(call([repo], serde, published, { anchor: { name: 'x' } })).rejects.toThrow(/Expected `options.anchor`/);
  });

  it('is a ResolutionError with a stable name and code', async () => {
    const error = new ResolutionError('ERR_READ', 'boom', { hint: 'h', details: { repository: '/r' } });
    expect(error).toBeInstanceOf(RegistryMinersError);
    expect(error).toMatchObject({ name: 'ResolutionError', code: 'ERR_READ', hint: 'h', details: { repository: '/r' }, message: 'boom' });
  });
});
