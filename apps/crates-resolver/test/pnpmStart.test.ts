import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { cratesCasesDir } from '@registry-miners/testkit';

// The way the README runs the tool from source: the real pnpm, from the workspace root.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'crates-resolver-pnpm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pnpm(args: string[], cwd = root): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('pnpm --filter crates-resolver start -- <command>', () => {
  test('runs the command after the `--`', async () => {
    const run = await pnpm(['-s', '--filter', 'crates-resolver', 'start', '--', 'status', '--cache-dir', join(work, 'cache')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`cache ${join(work, 'cache')}\n`);
  });

  test('with no command, is a usage error', async () => {
    const run = await pnpm(['-s', '--filter', 'crates-resolver', 'start']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('error: no command given');
  });

  test('resolves relative paths from where pnpm was run, not from the package folder', async () => {
    const lockfile = relative(root, join(cratesCasesDir, 'tokei-2020-04-20', 'Cargo.lock'));
    // Relative to the workspace root only: from apps/crates-resolver this path does not exist. The
    // lockfile is read, so the failure is about the (missing) repository: the path resolved.
    const run = await pnpm(['-s', '--filter', 'crates-resolver', 'start', '--', 'resolve', lockfile, '--published', '2020-04-20T00:00:00Z', '--repo', 'no-such-clone']);
    expect(run.stderr).toContain('--repo no-such-clone: no such directory');
    expect(run.stderr).not.toContain('cannot read the lockfile');
    expect(run.code).not.toBe(0);

    const cache = await pnpm(['-s', '--filter', 'crates-resolver', 'start', '--', 'status', '--cache-dir', relative(root, join(work, 'relative-cache'))]);
    expect(cache.code, cache.stderr).toBe(0);
    expect(cache.stdout).toBe(`cache ${relative(root, join(work, 'relative-cache'))}\n`);
  });
});
