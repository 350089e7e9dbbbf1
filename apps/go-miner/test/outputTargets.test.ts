import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { lstat, mkdir, open, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGroundTruthCsv, startFakeGoRegistry } from '@registry-miners/testkit';
import type { FakeGoRegistry } from '@registry-miners/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, runCli, runProgram, START_ARGS } from './support/cli.js';
import { dataset, registryArgs, tempDir } from './support/registry.js';

/** Runs a shell pipeline from the app directory; `$GO_MINER` is the CLI as the start script runs it. */
function shell(script: string): ReturnType<typeof runProgram> {
  return runProgram('bash', ['-c', script], {
    cwd: APP_DIR,
    env: { ...process.env, GO_MINER: [process.execPath, ...START_ARGS].join(' '), npm_lifecycle_event: '' },
  });
}

describe('--out: pipes, symlinks, FIFOs and devices', () => {
  const data = dataset();
  const truth = goGroundTruthCsv(data);
  let registry: FakeGoRegistry;
  let dir: string;
  let cleanup: () => Promise<void>;
  let state: string;
  const exportTo = (out: string): string[] => ['export', '--quiet', '--state-dir', state, '--out', out];

  beforeAll(async () => {
    registry = await startFakeGoRegistry({ dataset: data });
    ({ dir, cleanup } = await tempDir());
    state = join(dir, 'state');
    const run = await runCli([...registryArgs(registry), '--state-dir', state, '--out', join(dir, 'first.csv')]);
    expect(run.code).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await registry.close();
    await cleanup();
  });

  it('ends quietly with exit 0 when the reader of stdout stops early (`export --out - | head`)', async () => {
    // Far more than a pipe holds (64 KiB), so go-miner is still writing when head exits.
    expect(truth.length).toBeGreaterThan(3 * 65_536);
    const result = await shell(`$GO_MINER ${exportTo('-').join(' ')} | head -n 3; echo "go-miner exit $\{PIPESTATUS[0]}" >&2`);
    expect(result.stdout).toBe(truth.split('\n').slice(0, 3).join('\n') + '\n');
    expect(result.stderr).toBe('go-miner exit 0\n');
    // Nothing else stops it either: `status | head -1` too.
    const status = await shell(`$GO_MINER status --state-dir ${state} | head -n 1; echo "go-miner exit $\{PIPESTATUS[0]}" >&2`);
    expect(status.stdout).toBe(`state: ${state}\n`);
    expect(status.stderr).toBe('go-miner exit 0\n');
  });

  it('writes through a symlink to its target, atomically beside the target, and keeps the link', async () => {
    const real = join(dir, 'real');
    await mkdir(real);
    const target = join(real, 'modules.csv');
    await writeFile(target, 'old content\n');
    const link = join(dir, 'link.csv');
    await symlink('real/modules.csv', link);
    const result = await runCli(exportTo(link));
    expect(result.code).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('real/modules.csv');
    expect(await readFile(target, 'utf8')).toBe(truth);
    // The temporary file was beside the target (same file system: the rename is atomic) and is gone.
    expect(await readdir(real)).toEqual(['modules.csv']);

    // A dangling link (and a chain of links) gets its target created.
    await symlink('link2.csv', join(dir, 'chain.csv'));
    await symlink('real/new.csv', join(dir, 'link2.csv'));
    expect((await runCli(exportTo(join(dir, 'chain.csv')))).code).toBe(0);
    expect(await readFile(join(real, 'new.csv'), 'utf8')).toBe(truth);
    expect((await lstat(join(dir, 'chain.csv'))).isSymbolicLink()).toBe(true);
  });

  it('writes straight into a FIFO, which stays a FIFO', async () => {
    const fifo = join(dir, 'rows.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const readerDone = once(reader, 'close');
    const result = await runCli(exportTo(fifo));
    await readerDone;
    expect(result.code).toBe(0);
    expect(received).toBe(truth);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/rows\.fifo.*\.tmp$/));
  });

  it('writes into a character device without replacing the node', async () => {
    // A null device of our own (mknod needs root); without root, a symlink to /dev/null, which a
    // non-root process could not replace anyway.
    const device = join(dir, 'null');
    const made = spawnSync('mknod', [device, 'c', '1', '3']).status === 0;
    if (!made) await symlink('/dev/null', device);
    const before = await stat(device);
    expect(before.isCharacterDevice()).toBe(true);
    const result = await runCli(exportTo(device));
    expect(result.code).toBe(0);
    const after = await stat(device);
    expect({ device: after.isCharacterDevice(), rdev: after.rdev, ino: after.ino }).toEqual({ device: true, rdev: before.rdev, ino: before.ino });
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
  });

  it('writes to /dev/stdout straight, whether stdout is a pipe or a file redirect', async () => {
    const piped = await runCli(exportTo('/dev/stdout'));
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(truth);

    // `go-miner export --out /dev/stdout > file`: the file the shell opened gets the rows, not a renamed copy.
    const file = join(dir, 'redirected.csv');
    const handle = await open(file, 'w');
    const inode = (await handle.stat()).ino;
    const child = spawn(process.execPath, [...START_ARGS, ...exportTo('/dev/stdout')], { cwd: APP_DIR, stdio: ['ignore', handle.fd, 'inherit'] });
    const [code] = (await once(child, 'close')) as [number | null];
    await handle.close();
    expect(code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(truth);
    expect((await stat(file)).ino).toBe(inode);
  });

  it('refuses a directory as --out, naming it (exit 1)', async () => {
    const result = await runCli(exportTo(dir));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot write ${dir}: it is a directory. [ERR_OUTPUT]`);
  });
});
