import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cratesCasesDir, makeBundleRemotes } from '@registry-miners/testkit';
import type { BundleRemotes } from '@registry-miners/testkit';
import { runCli } from './runCli.js';
import { expectedOf } from './startService.js';

let work: string;
let remotes: BundleRemotes;
let managerArgs: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-many-'));
  remotes = await makeBundleRemotes(join(work, 'remotes'));
  managerArgs = ['--cache-dir', join(work, 'cache'), '--index-url', remotes.current.url, '--archive-url', remotes.archive.url];
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function results(path: string): Record<string, any>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

const GOOD = ['bat-lock-2020-03-22-published-2020-03-28', 'deno-2020-04-23', 'tokei-2020-04-20'];

function caseLine(name: string, id = name): string {
  const { published } = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  return JSON.stringify({ id, lockfile: join(cratesCasesDir, name, 'Cargo.lock'), published });
}

describe('resolve-many', () => {
  test('answers every input with one line; bad inputs get an error object and never stop the batch', async () => {
    writeFileSync(join(work, 'empty.lock'), '');
    const input = join(work, 'inputs.jsonl');
    writeFileSync(
      input,
      [
        caseLine(GOOD[0]!),
        '{not json',
        JSON.stringify({ id: 'no-such-file', lockfile: 'missing/Cargo.lock', published: '2020-04-20T00:00:00Z' }),
        JSON.stringify({ id: 'empty', lockfile: 'empty.lock', published: '2020-04-20T00:00:00Z' }),
        JSON.stringify({ id: 'bad-time', lockfile: join(cratesCasesDir, GOOD[2]!, 'Cargo.lock'), published: 'last week' }),
        JSON.stringify({ id: 'before-history', lockfile: join(cratesCasesDir, GOOD[2]!, 'Cargo.lock'), published: '2019-06-01T00:00:00Z' }),
        caseLine(GOOD[1]!),
        caseLine(GOOD[2]!),
        '',
      ].join('\n'),
    );
    const output = join(work, 'out.jsonl');
    const run = await runCli(['resolve-many', input, '--output', output, '--progress-interval', '100ms', ...managerArgs], { timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/resolve-many 8\/8 \(100\.0%\) .*done ok 3 failed 5 skipped 0/);
    expect(run.stderr).toContain('5 of 8 inputs failed');

    const byId = new Map(results(output).map((line) => [line.id, line]));
    expect(byId.size).toBe(8);
    for (const name of GOOD) {
      const expected = expectedOf(name);
      expect(byId.get(name)).toMatchObject({ commit: expected.commit, time: expected.time, found: expected.found, total: expected.total, missing: [] });
      expect(byId.get(name)!.error).toBeUndefined();
    }
    expect(byId.get('line-2')!.error).toMatchObject({ kind: 'bad-input', code: 'ERR_BAD_BATCH_INPUT', retryable: false });
    expect(byId.get('no-such-file')!.error).toMatchObject({ kind: 'bad-input', code: 'ERR_LOCKFILE_UNREADABLE', retryable: false });
    expect(byId.get('no-such-file')!.error.message).toContain('ENOENT');
    expect(byId.get('empty')!.error.code).toMatch(/^ERR_(CARGOLOCK_|NO_PACKAGES)/);
    expect(byId.get('bad-time')!.error).toMatchObject({ kind: 'bad-input', code: 'ERR_BAD_PUBLISHED_TIME' });
    expect(byId.get('before-history')!.error).toMatchObject({ kind: 'unresolved', code: 'ERR_PUBLISHED_BEFORE_HISTORY', retryable: false });
  }, 180_000);

  test('a rerun with the same output skips what is done, after cutting a line left half-written by a kill', async () => {
    const input = join(work, 'resume.jsonl');
    writeFileSync(input, `${GOOD.map((name) => caseLine(name)).join('\n')}\n`);
    const output = join(work, 'resume-out.jsonl');
    // As a killed run leaves it: the first answer written, the second cut mid-line.
    const first = results(join(work, 'out.jsonl')).find((line) => line.id === GOOD[0]);
    writeFileSync(output, `${JSON.stringify(first)}\n{"id":"${GOOD[1]}","comm`);
    const run = await runCli(['resolve-many', input, '--output', output, ...managerArgs], { timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/ok 2 failed 0 skipped 1/);
    const lines = results(output);
    expect(lines.map((line) => line.id).sort()).toEqual([...GOOD].sort());
    for (const line of lines) expect(line.commit).toBe(expectedOf(line.id).commit);
  }, 180_000);

  test('a directory of cases is an input too, answered to stdout', async () => {
    const run = await runCli(['resolve-many', cratesCasesDir, '--concurrency', '4', ...managerArgs], { timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; commit: string });
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line.commit).toBe(expectedOf(line.id).commit);
  }, 180_000);

  test('SIGINT stops taking inputs, writes the answers in flight, and exits 130', async () => {
    const input = join(work, 'many.jsonl');
    writeFileSync(input, `${Array.from({ length: 400 }, (_, i) => caseLine(GOOD[i % 3]!, `n${i}`)).join('\n')}\n`);
    const output = join(work, 'many-out.jsonl');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/bin.ts', 'resolve-many', input, '--output', output, ...managerArgs], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!existsSync(output) || results(output).length < 5) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const written = results(output);
    expect(written.length).toBeLessThan(400);
    for (const line of written) expect(line.commit).toBe(expectedOf(GOOD[Number(line.id.slice(1)) % 3]!).commit);
  }, 180_000);
});
