import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBundleRemotes, serveBundleOverHttp, serveGitHttp } from '@registry-miners/testkit';
import type { BundleRemotes, GitHttpServer } from '@registry-miners/testkit';

const run = promisify(execFile);
const git = async (...args: string[]) => (await run('git', args)).stdout.trim();

const MASTER_TIP_PREFIX = '8963a33e9e5e';
const SNAPSHOT_TIP = '97473ba7d066a8147c3af3b5143495d52c1daf10';

let tmp: string;
let remotes: BundleRemotes;
let server: GitHttpServer;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'testkit-remotes-'));
  remotes = await makeBundleRemotes(join(tmp, 'remotes'));
  server = await serveGitHttp(remotes.dir);
});

afterAll(async () => {
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('makeBundleRemotes', () => {
  it('makes current.git (master) and archive.git (snapshot-2020-03-25) with the bundle tips', async () => {
    expect(remotes.current).toMatchObject({ path: join(tmp, 'remotes', 'current.git'), branch: 'master' });
    expect(remotes.current.url).toBe(`file://${join(tmp, 'remotes', 'current.git')}`);
    expect(remotes.current.tip.startsWith(MASTER_TIP_PREFIX)).toBe(true);
    expect(remotes.archive).toMatchObject({ branch: 'snapshot-2020-03-25', tip: SNAPSHOT_TIP });
    // Each holds exactly its one branch, which is also HEAD.
    expect(await git('-C', remotes.current.path, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/master');
    expect(await git('-C', remotes.archive.path, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/snapshot-2020-03-25');
    expect(await git('-C', remotes.archive.path, 'symbolic-ref', 'HEAD')).toBe('refs/heads/snapshot-2020-03-25');
    expect(await git('-C', remotes.current.path, 'config', '--get-regexp', '^remote\\.').catch(() => 'none')).toBe('none');
  });

  it('reuses the repositories of a dir, and the unpacked bundle for a new dir', async () => {
    const again = await makeBundleRemotes(join(tmp, 'remotes'));
    expect(again).toEqual(remotes);
    const other = await makeBundleRemotes(join(tmp, 'other'));
    expect(other.current.tip).toBe(remotes.current.tip);
    // Hard-linked from the same cache: the pack files share an inode.
    const pack = async (repo: string) => {
      const name = (await git('-C', repo, 'count-objects', '-v')).match(/packs: (\d+)/)?.[1];
      const list = await git('-C', repo, 'rev-parse', '--git-path', 'objects/pack');
      return { name, dir: list };
    };
    const [a, b] = await Promise.all([pack(remotes.current.path), pack(other.current.path)]);
    expect(a.name).toBe(b.name);
    const packFile = (await run('sh', ['-c', `ls ${join(remotes.current.path, 'objects/pack')}/*.pack`])).stdout.trim();
    const otherPack = packFile.replace(remotes.current.path, other.current.path);
    expect((await stat(packFile)).ino).toBe((await stat(otherPack)).ino);
  });

  it('is cloneable over file://', async () => {
    const clone = join(tmp, 'archive-clone.git');
    await git('clone', '--quiet', '--bare', remotes.archive.url, clone);
    expect(await git('-C', clone, 'rev-parse', 'refs/heads/snapshot-2020-03-25')).toBe(SNAPSHOT_TIP);
    expect(await git('-C', clone, 'rev-list', '--count', 'snapshot-2020-03-25')).toBe('3001');
    const root = await git('-C', clone, 'rev-list', '--max-parents=0', 'snapshot-2020-03-25');
    expect(await git('-C', clone, 'log', '-1', '--format=%s', root)).toBe('Collapse index into one commit');
  });
});

describe('serveGitHttp', () => {
  it('serves a real `git clone --bare` over smart HTTP', async () => {
    const clone = join(tmp, 'current-clone.git');
    await git('clone', '--quiet', '--bare', `${server.url}/current.git`, clone);
    expect(await git('-C', clone, 'rev-parse', 'HEAD')).toBe(remotes.current.tip);
    expect(remotes.current.tip.startsWith(MASTER_TIP_PREFIX)).toBe(true);
    expect(await git('-C', clone, 'rev-list', '--count', 'HEAD')).toBe('10584');
    const requests = server.requests();
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/current.git/info/refs', query: 'service=git-upload-pack', status: 200 }),
    );
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/current.git/git-upload-pack' && r.status === 200).length).toBeGreaterThan(0);
  });

  it('lists the archive branch with ls-remote and answers 404 for unknown repositories', async () => {
    const refs = await git('ls-remote', `${server.url}/archive.git`);
    expect(refs).toContain(`${SNAPSHOT_TIP}\trefs/heads/snapshot-2020-03-25`);
    await expect(git('ls-remote', `${server.url}/missing.git`)).rejects.toThrow(/not found|404/i);
    expect(server.requests().at(-1)).toMatchObject({ path: '/missing.git/info/refs', status: 404 });
  });

  it('inflates gzip request bodies (a protocol v2 ls-refs sent by hand)', async () => {
    const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const body = gzipSync(`${pkt('command=ls-refs\n')}0001${pkt('peel\n')}0000`);
    const response = await new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
      const req = request(
        `${server.url}/archive.git/git-upload-pack`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-git-upload-pack-request',
            'content-encoding': 'gzip',
            'content-length': body.length,
            'git-protocol': 'version=2',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/x-git-upload-pack-result');
    expect(response.text).toContain(`${SNAPSHOT_TIP} refs/heads/snapshot-2020-03-25`);
    expect(server.requests().at(-1)).toMatchObject({ contentEncoding: 'gzip', gitProtocol: 'version=2', status: 200 });
  });
});

describe('serveBundleOverHttp', () => {
  it('serves both remotes of a dir and closes', async () => {
    const served = await serveBundleOverHttp(join(tmp, 'remotes'));
    try {
      expect(served.currentUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/current\.git$/);
      const refs = await git('ls-remote', served.currentUrl, 'refs/heads/*');
      expect(refs).toBe(`${remotes.current.tip}\trefs/heads/master`);
    } finally {
      await served.close();
    }
    await expect(git('ls-remote', served.archiveUrl)).rejects.toThrow();
  });
});
