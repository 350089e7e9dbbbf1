import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cratesCasesDir, serveBundleOverHttp } from '@registry-miners/testkit';
import type { BundleHttpRemotes } from '@registry-miners/testkit';
import { runCli } from './runCli.js';

let work: string;
let served: BundleHttpRemotes | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-offline-'));
  served = await serveBundleOverHttp(join(work, 'remotes'));
}, 120_000);

afterAll(async () => {
  await served?.close();
  rmSync(work, { recursive: true, force: true });
});

const TIMESTAMPED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z clone current: /m;

test('resolve with a warm cache works once the remotes are gone, with warnings', async () => {
  const name = 'hyperfine-2020-04-01';
  const { published, expected } = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  // --update-interval 0: every run wants to refresh the current index, so the second one must get by without.
  const args = ['resolve', join(cratesCasesDir, name, 'Cargo.lock'), '--published', published, '--json', '--update-interval', '0s',
    '--cache-dir', join(work, 'cache'), '--index-url', served!.currentUrl, '--archive-url', served!.archiveUrl];

  const warm = await runCli(args, { timeoutMs: 120_000 });
  expect(warm.code, warm.stderr).toBe(0);
  expect(JSON.parse(warm.stdout).commit).toBe(expected.commit);
  // On a pipe, clone progress comes as timestamped log lines.
  expect(warm.stderr).toMatch(TIMESTAMPED);

  await served!.close();
  served = undefined;
  const offline = await runCli(args, { timeoutMs: 60_000 });
  expect(offline.code, offline.stderr).toBe(0);
  expect(JSON.parse(offline.stdout)).toMatchObject({ commit: expected.commit, found: expected.found, total: expected.total });
  expect(offline.stderr).toMatch(/^warning: Cannot list the snapshots of .*; using the 1 remembered from /m);
  expect(offline.stderr).toMatch(/^warning: Updating current from .* failed: .*; using current as last updated at .*, which covers /m);

  // --quiet keeps stderr for errors only, and the answer is the same.
  const quiet = await runCli([...args, '--quiet'], { timeoutMs: 60_000 });
  expect(quiet.code).toBe(0);
  expect(quiet.stderr).toBe('');
  expect(quiet.stdout).toBe(offline.stdout);
}, 240_000);
