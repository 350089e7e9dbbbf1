import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bareCloneFromBundle, cratesCasesDir } from '@registry-miners/testkit';
import { runCli } from './runCli.js';

let work: string;
let master: string;
let snapshot: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-input-'));
  [master, snapshot] = await Promise.all([bareCloneFromBundle('master', join(work, 'master')), bareCloneFromBundle('snapshot-2020-03-25', join(work, 'snapshot'))]);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function readCase(name: string): { lockfile: string; published: string; expected: { found: number; total: number } } {
  const file = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  return { lockfile: join(cratesCasesDir, name, 'Cargo.lock'), published: file.published, expected: file.expected };
}

describe('resolve --repo with a clone older than the publish time', () => {
  test('answers, and warns with the count found', async () => {
    const { lockfile, published } = readCase('tokei-2020-04-20');
    const run = await runCli(['resolve', lockfile, '--published', published, '--repo', snapshot, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const { found, total } = JSON.parse(run.stdout) as { found: number; total: number };
    expect(run.stderr).toContain(`warning: --repo ${snapshot} ends at 2020-03-25`);
    expect(run.stderr).toContain(`before the publish time ${new Date(published).toISOString()}`);
    expect(run.stderr).toContain(`(found ${found}/${total})`);
  });

  test('a clone that covers the publish time gives no warning', async () => {
    const { lockfile, published } = readCase('tokei-2020-04-20');
    const run = await runCli(['resolve', lockfile, '--published', published, '--repo', master, '--repo', snapshot, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('resolve --anchor', () => {
  test('works without --published, as help says, with the same answer as with it', async () => {
    const { lockfile, published } = readCase('bat-lock-2020-03-22-published-2020-03-28');
    const repos = ['--repo', master, '--repo', snapshot];
    const anchored = await runCli(['resolve', lockfile, '--anchor', 'bat@0.13.0', ...repos, '--json']);
    expect(anchored.code, anchored.stderr).toBe(0);
    const both = await runCli(['resolve', lockfile, '--anchor', 'bat@0.13.0', '--published', published, ...repos, '--json']);
    expect(both.code, both.stderr).toBe(0);
    expect(JSON.parse(anchored.stdout)).toEqual(JSON.parse(both.stdout));
  });
});

describe('failing inputs fail before the search', () => {
  test.each([
    ['an empty lockfile', '', /the file is empty/],
    ['invalid TOML', '[[package]\nname = ', /invalid TOML/],
  ])('%s: exit 2, error and hint on stderr, nothing on stdout', async (_label, text, message) => {
    const path = join(work, `bad-${Math.random().toString(36).slice(2)}.lock`);
    writeFileSync(path, text);
    const run = await runCli(['resolve', path, '--published', '2020-04-20T00:00:00Z', '--repo', master]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
