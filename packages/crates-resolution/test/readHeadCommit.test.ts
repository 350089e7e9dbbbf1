import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeadCommit } from '../src/readHeadCommit.js';
import { run, tempDirForFile } from './fixtures.js';

const dir = tempDirForFile('read-head');

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  return stdout.trim();
}

/** A work tree with two commits on `main`; returns its git directory. */
async function repository(name: string): Promise<string> {
  const path = join(dir(), name);
  await run('git', ['init', '-q', '-b', 'main', path]);
  await git(path, 'commit', '-q', '--allow-empty', '-m', 'one');
  await git(path, 'commit', '-q', '--allow-empty', '-m', 'two');
  return join(path, '.git');
}

describe('readHeadCommit: HEAD read from the ref files, the same commit git names, or undefined', () => {
  it('a branch in a loose ref, then packed (git pack-refs), then a detached HEAD', async () => {
    const gitDir = await repository('plain');
    const work = join(gitDir, '..');
    expect(readHeadCommit(gitDir)).toBe(await git(work, 'rev-parse', 'HEAD'));
    await git(work, 'pack-refs', '--all', '--prune');
    expect(readHeadCommit(gitDir)).toBe(await git(work, 'rev-parse', 'HEAD'));
    await git(work, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(readHeadCommit(gitDir)).toBe(await git(work, 'rev-parse', 'HEAD'));
  });

  it('follows a symbolic branch to its target', async () => {
    const gitDir = await repository('symbolic');
    const work = join(gitDir, '..');
    await git(work, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    await git(work, 'symbolic-ref', 'HEAD', 'refs/heads/alias');
    expect(readHeadCommit(gitDir)).toBe(await git(work, 'rev-parse', 'main'));
  });

  it('is undefined where it cannot be sure: an unborn branch, a linked worktree, no repository', async () => {
    const unborn = join(dir(), 'unborn');
    await run('git', ['init', '-q', '-b', 'main', unborn]);
    expect(readHeadCommit(join(unborn, '.git'))).toBeUndefined();

    const gitDir = await repository('with-worktree');
    await git(join(gitDir, '..'), 'worktree', 'add', '-q', '-b', 'side', join(dir(), 'linked'));
    expect(readHeadCommit(join(gitDir, 'worktrees', 'linked'))).toBeUndefined();

    expect(readHeadCommit(join(dir(), 'nothing-here'))).toBeUndefined();
  });
});
