import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndexRepo, cratesIndexPath } from '@registry-miners/testkit';

const run = promisify(execFile);
const git = async (repo: string, ...args: string[]) => (await run('git', ['-C', repo, ...args])).stdout;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'testkit-index-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('cratesIndexPath', () => {
  it('places crates like the crates.io index', () => {
    expect(['a', 'AB', 'abc', 'Serde', 'serde_json', 'tokio-util'].map(cratesIndexPath)).toEqual([
      '1/a',
      '2/ab',
      '3/a/abc',
      'se/rd/serde',
      'se/rd/serde_json',
      'to/ki/tokio-util',
    ]);
    expect(() => cratesIndexPath('no/slash')).toThrow(TypeError);
  });
});

describe('buildIndexRepo', () => {
  it('writes each crate file at its index path, in compact JSON lines, at the given times', async () => {
    const repo = await buildIndexRepo(join(tmp, 'index.git'), [
      { time: '2020-03-01T10:00:00Z', files: { a: ['0.1.0'], ab: ['1.0.0'], abc: ['2.0.0'] } },
      { time: new Date('2020-03-02T11:30:00Z'), files: { Serde: ['1.0.0', { vers: '1.0.1', yanked: true }] } },
      {
        time: '2020-03-03T12:00:00+02:00',
        message: 'Yanking crate `ab#1.0.0`',
        files: { ab: ['{"name":"ab","vers":"1.0.0","deps":[],"cksum":"00","features":{},"yanked":true}'], a: null },
      },
    ]);
    expect(repo.branch).toBe('master');
    expect(repo.commits.map((c) => c.message)).toEqual([
      'Collapse index into one commit',
      'Updating crate `Serde#1.0.1`',
      'Yanking crate `ab#1.0.0`',
    ]);
    const log = await git(repo.path, 'log', '--format=%H %at %ct %an %s', 'master');
    expect(log.trim().split('\n')).toEqual(
      [...repo.commits].reverse().map((c) => {
        const seconds = c.time.getTime() / 1000;
        return `${c.id} ${seconds} ${seconds} crates.io index testkit ${c.message}`;
      }),
    );
    expect(repo.commits.map((c) => c.time.toISOString())).toEqual([
      '2020-03-01T10:00:00.000Z',
      '2020-03-02T11:30:00.000Z',
      '2020-03-03T10:00:00.000Z',
    ]);
    expect(repo.tip).toBe((await git(repo.path, 'rev-parse', 'HEAD')).trim());

    const files = async (rev: string) => (await git(repo.path, 'ls-tree', '-r', '--name-only', rev)).trim().split('\n');
    expect(await files(repo.commits[0]!.id)).toEqual(['1/a', '2/ab', '3/a/abc']);
    expect(await files('HEAD')).toEqual(['2/ab', '3/a/abc', 'se/rd/serde']);

    const serde = await git(repo.path, 'show', 'HEAD:se/rd/serde');
    const lines = serde.split('\n');
    expect(lines).toHaveLength(3); // two lines and the final newline
    expect(lines[0]).toMatch(/^\{"name":"Serde","vers":"1\.0\.0","deps":\[\],"cksum":"[0-9a-f]{64}","features":\{\},"yanked":false\}$/);
    expect(JSON.parse(lines[1]!)).toMatchObject({ name: 'Serde', vers: '1.0.1', yanked: true });
    expect(await git(repo.path, 'show', 'HEAD:2/ab')).toBe('{"name":"ab","vers":"1.0.0","deps":[],"cksum":"00","features":{},"yanked":true}\n');
    expect(repo.files['se/rd/serde']).toBe(serde);
  });

  it('chains an archive-like snapshot and a newer repository whose root holds the full state', async () => {
    const archive = await buildIndexRepo(
      join(tmp, 'archive.git'),
      [
        { time: '2020-01-01T00:00:00Z', files: { serde: ['1.0.0'] } },
        { time: '2020-01-02T00:00:00Z', files: { serde: ['1.0.0', '1.0.1'], rand: ['0.7.0'] } },
      ],
      { branch: 'snapshot-2020-01-03' },
    );
    const current = await buildIndexRepo(
      join(tmp, 'current.git'),
      [{ time: '2020-01-03T00:00:00Z' }, { time: '2020-01-04T00:00:00Z', files: { rand: ['0.7.0', '0.7.1'] } }],
      { base: archive },
    );
    expect(await git(archive.path, 'symbolic-ref', 'HEAD')).toBe('refs/heads/snapshot-2020-01-03\n');
    const root = current.commits[0]!;
    expect(root.message).toBe('Collapse index into one commit');
    expect(await git(current.path, 'rev-list', '--max-parents=0', 'HEAD')).toBe(`${root.id}\n`);
    // The root tree is the archive's final tree.
    expect(await git(current.path, 'rev-parse', `${root.id}^{tree}`)).toBe(await git(archive.path, 'rev-parse', 'HEAD^{tree}'));
    expect(current.commits[1]!.message).toBe('Updating crate `rand#0.7.1`');
    expect(await git(current.path, 'show', 'HEAD:ra/nd/rand')).toContain('"vers":"0.7.1"');

    const clone = join(tmp, 'clone.git');
    await run('git', ['clone', '--quiet', '--bare', current.url, clone]);
    expect((await git(clone, 'rev-parse', 'HEAD')).trim()).toBe(current.tip);
  });

  it('rejects bad input with a TypeError', async () => {
    await expect(buildIndexRepo(join(tmp, 'bad.git'), [{ time: 'yesterday' }])).rejects.toThrow(/Expected `commits\[0\].time` to be a Date or an ISO 8601 time, got 'yesterday'/);
    await expect(buildIndexRepo(join(tmp, 'bad.git'), [])).rejects.toThrow(TypeError);
    await expect(buildIndexRepo(join(tmp, 'index.git'), [{ time: '2020-01-01T00:00:00Z' }])).rejects.toThrow(/already exists/);
  });
});
