import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { builtBinaryProblems, cratesCasesDir, makeBundleRemotes } from '@registry-miners/testkit';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));

it('builds dist/bin.js as an executable program (shebang kept, x bit set, --version), as the README promises', async () => {
  expect(await builtBinaryProblems('crates-resolver', appDir)).toEqual([]);
}, 600_000);

// The other tests run the sources; this one runs the bundle users get (scripts/bundle.mjs): its chunks,
// the worker entry the pool starts, and the native addons it leaves external (nodegit, better-sqlite3).
it('the built program clones, and resolves on its worker threads, as the sources do', async () => {
  const work = mkdtempSync(join(tmpdir(), 'crates-resolver-built-'));
  try {
    const remotes = await makeBundleRemotes(join(work, 'remotes'));
    const name = 'tokei-2020-04-20';
    const { published, expected } = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
    const input = join(work, 'inputs.jsonl');
    writeFileSync(input, `${JSON.stringify({ id: name, lockfile: join(cratesCasesDir, name, 'Cargo.lock'), published })}\n`);
    const args = ['resolve-many', input, '--output', join(work, 'out.jsonl'), '--cache-dir', join(work, 'cache'), '--index-url', remotes.current.url, '--archive-url', remotes.archive.url];
    await run(join(appDir, 'dist', 'bin.js'), args, { cwd: work });
    expect(JSON.parse(readFileSync(join(work, 'out.jsonl'), 'utf8'))).toMatchObject({ id: name, commit: expected.commit });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 600_000);
