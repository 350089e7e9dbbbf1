import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cratesCasesDir, serveBundleOverHttp } from '@registry-miners/testkit';
import type { BundleHttpRemotes } from '@registry-miners/testkit';
import { reportNodegitLoad } from './nodegitMarker.js';
import { runCli } from './runCli.js';

let work: string;
let served: BundleHttpRemotes;
let managerArgs: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-managed-'));
  served = await serveBundleOverHttp(join(work, 'remotes'));
  managerArgs = ['--cache-dir', join(work, 'cache'), '--index-url', served.currentUrl, '--archive-url', served.archiveUrl];
}, 120_000);

afterAll(async () => {
  await served?.close();
  rmSync(work, { recursive: true, force: true });
});

function caseArgs(name: string): { args: string[]; expected: { commit: string; time: string; found: number; total: number } } {
  const file = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  return { args: ['resolve', join(cratesCasesDir, name, 'Cargo.lock'), '--published', file.published, '--json'], expected: file.expected };
}

describe('resolve with the managed cache (remotes over smart HTTP)', () => {
  test('snapshots lists the archive branches', async () => {
    const run = await runCli(['snapshots', ...managerArgs]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['2020-03-25']);
  });

  test('a lockfile resolved inside the current index clones only the current index', async () => {
    const { args, expected } = caseArgs('hyperfine-2020-04-01');
    const run = await runCli([...args, ...managerArgs], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ commit: expected.commit, found: expected.found, total: expected.total });
    expect(existsSync(join(work, 'cache', 'current'))).toBe(true);
    expect(existsSync(join(work, 'cache', 'snapshot-2020-03-25'))).toBe(false);
  });

  test('past the current index root, the search continues into the older snapshot, acquired lazily', async () => {
    const { args, expected } = caseArgs('bat-lock-2020-03-22-published-2020-03-28');
    const run = await runCli([...args, ...managerArgs], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ commit: expected.commit, time: expected.time, found: expected.found });
    expect(existsSync(join(work, 'cache', 'snapshot-2020-03-25'))).toBe(true);
  });

  test('a warm run loads no nodegit: the clones are recognised by their metadata, the search reads the saved objects', async () => {
    const { args, expected } = caseArgs('bat-lock-2020-03-22-published-2020-03-28');
    const marker = join(work, 'managed-warm.marker');
    const run = await runCli([...args, ...managerArgs], { env: reportNodegitLoad(work, marker) });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ commit: expected.commit, time: expected.time, found: expected.found });
    expect(existsSync(marker)).toBe(false);
  });

  test('status shows both cached repositories', async () => {
    const run = await runCli(['status', ...managerArgs, '--json']);
    expect(run.code).toBe(0);
    const names = JSON.stringify(JSON.parse(run.stdout));
    expect(names).toContain('current');
    expect(names).toContain('snapshot-2020-03-25');
  });

  test('a publish time after the current index head is refused as out of date', async () => {
    const { args } = caseArgs('tokei-2020-04-20');
    const run = await runCli([...args.slice(0, 2), '--published', '2020-06-01T00:00:00Z', ...managerArgs]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/index ends at 2020-04-26T12:07:46.000Z, before the required 2020-06-01/);
  });
});
