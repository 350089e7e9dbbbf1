import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bareCloneFromBundle, cratesCasesDir } from '@registry-miners/testkit';
import { reportNodegitLoad } from './nodegitMarker.js';
import { runCli } from './runCli.js';

interface CaseFile {
  published: string;
  refs: string[];
  expected: { commit: string; time: string; found: number; total: number; missing: { name: string; version: string }[] };
}

const cases = readdirSync(cratesCasesDir).filter((name) => !name.endsWith('.md'));
let work: string;
const repoOf: Record<string, string> = {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-cli-'));
  // The default --cache-dir (where searches keep what they read) goes here, not into the user's own cache.
  process.env['XDG_CACHE_HOME'] = join(work, 'xdg-cache');
  for (const branch of ['master', 'snapshot-2020-03-25']) repoOf[branch] = await bareCloneFromBundle(branch, join(work, branch));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function readCase(name: string): CaseFile {
  return JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8')) as CaseFile;
}

function repoArgs(refs: readonly string[]): string[] {
  return refs.flatMap((ref) => ['--repo', repoOf[ref]!]);
}

describe('crates-resolver resolve on local clones', () => {
  test.each(cases)('%s: --json prints the expected answer', async (name) => {
    const { published, refs, expected } = readCase(name);
    const run = await runCli(['resolve', join(cratesCasesDir, name, 'Cargo.lock'), '--published', published, ...repoArgs(refs), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      commit: expected.commit,
      time: expected.time,
      found: expected.found,
      total: expected.total,
      missing: expected.missing,
    });
  });

  test('human output names the commit, time, count and repository', async () => {
    const name = 'bat-lock-2020-03-22-published-2020-03-28';
    const { published, refs, expected } = readCase(name);
    const run = await runCli(['resolve', join(cratesCasesDir, name, 'Cargo.lock'), '--published', published, ...repoArgs(refs)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`commit   ${expected.commit}`);
    expect(run.stdout).toContain(`time     ${expected.time}`);
    expect(run.stdout).toContain(`found    ${expected.found}/${expected.total}`);
    expect(run.stdout).toContain(repoOf['snapshot-2020-03-25']);
  });

  test('--verbose logs the search on stderr and keeps stdout for the answer', async () => {
    const name = 'tokei-2020-04-20';
    const { published, refs, expected } = readCase(name);
    const run = await runCli(['resolve', join(cratesCasesDir, name, 'Cargo.lock'), '--published', published, ...repoArgs(refs), '--json', '--verbose']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).commit).toBe(expected.commit);
    expect(run.stderr.trim().split('\n').length).toBeGreaterThan(1);
  });
});

describe('the search cache in --cache-dir', () => {
  test('a second run reads back what the first read from git: the same answer, without loading nodegit', async () => {
    const name = 'nushell-lock-2020-03-21-published-2020-03-27';
    const { published, refs } = readCase(name);
    const args = ['resolve', join(cratesCasesDir, name, 'Cargo.lock'), '--published', published, ...repoArgs(refs), '--cache-dir', join(work, 'warm-cache'), '--json'];
    const runs = [];
    for (const marker of [join(work, 'cold.marker'), join(work, 'warm.marker')]) {
      const run = await runCli(args, { env: reportNodegitLoad(work, marker) });
      expect(run.code).toBe(0);
      runs.push({ stdout: run.stdout, nodegit: existsSync(marker) });
    }
    expect(runs[0]!.nodegit).toBe(true);
    expect(runs[1]).toEqual({ stdout: runs[0]!.stdout, nodegit: false });
    expect(JSON.parse(runs[1]!.stdout).commit).toBe(readCase(name).expected.commit);
    expect(readdirSync(join(work, 'warm-cache', 'search-cache')).some((file) => file.startsWith('objects-'))).toBe(true);
  });
});

describe('missing packages and --require-all', () => {
  // A lockfile naming a version that was published after the search's upper bound.
  const lockfile = () => {
    const path = join(work, 'future.lock');
    writeFileSync(
      path,
      [
        'version = 3',
        '',
        '[[package]]',
        'name = "serde"',
        'version = "1.0.104"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
        '',
        '[[package]]',
        'name = "serde"',
        'version = "1.0.999"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
        '',
      ].join('\n'),
    );
    return path;
  };

  test('a partial resolution reports what is missing and exits 0', async () => {
    const run = await runCli(['resolve', lockfile(), '--published', '2020-04-20T00:00:00Z', ...repoArgs(['master']), '--json']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer).toMatchObject({ found: 1, total: 2, missing: [{ name: 'serde', version: '1.0.999' }] });
  });

  test('--require-all turns it into exit 3, still printing the answer', async () => {
    const run = await runCli(['resolve', lockfile(), '--published', '2020-04-20T00:00:00Z', ...repoArgs(['master']), '--require-all']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('serde 1.0.999');
    expect(run.stderr).toContain('1 of 2 crates.io packages are not in the index');
  });
});

describe('errors', () => {
  const tokei = join(cratesCasesDir, 'tokei-2020-04-20', 'Cargo.lock');

  test('an unreadable lockfile: exit 2 naming the file', async () => {
    const run = await runCli(['resolve', join(work, 'nope', 'Cargo.lock'), '--published', '2020-04-20T00:00:00Z', ...repoArgs(['master'])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(work, 'nope', 'Cargo.lock'));
  });

  test('a file that is not a lockfile: exit 2 with the parser message', async () => {
    const path = join(work, 'Cargo.toml');
    writeFileSync(path, '[package]\nname = "x"\nversion = "0.1.0"\n');
    const run = await runCli(['resolve', path, '--published', '2020-04-20T00:00:00Z', ...repoArgs(['master'])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cargo\.toml.*not a Cargo\.lock|Cargo\.toml:.*lockfile/i);
  });

  test('malformed TOML: exit 2 with file:line:column', async () => {
    const path = join(work, 'broken.lock');
    writeFileSync(path, 'version = 3\n\n[[package]]\nname = "serde\n');
    const run = await runCli(['resolve', path, '--published', '2020-04-20T00:00:00Z', ...repoArgs(['master'])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.lock:4:\d+/);
  });

  test('a publish time that is not RFC 3339: exit 2', async () => {
    const run = await runCli(['resolve', tokei, '--published', 'last tuesday', ...repoArgs(['master'])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--published "last tuesday" is not an RFC 3339 time');
  });

  test('a publish time before the first commit: exit 1 with its own message', async () => {
    const run = await runCli(['resolve', tokei, '--published', '2015-01-01T00:00:00Z', ...repoArgs(['master'])]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/before/i);
  });

  test('a directory that is not a git repository: exit 2', async () => {
    const run = await runCli(['resolve', tokei, '--published', '2020-04-20T00:00:00Z', '--repo', work]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--repo ${work} is not a git repository`);
  });

  test('a git repository that is not a crates index: exit 2 naming it', async () => {
    const repo = join(work, 'not-an-index');
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, 'README.md'), 'hello\n');
    execFileSync('git', ['-C', repo, 'add', '.']);
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init'], {
      env: { ...process.env, GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z', GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z' },
    });
    const run = await runCli(['resolve', tokei, '--published', '2020-04-20T00:00:00Z', '--repo', repo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(repo);
    expect(run.stderr).toMatch(/crates(\.io)? index/i);
  });

  test('unknown flags and a missing command are usage errors: exit 2', async () => {
    const unknown = await runCli(['resolve', tokei, '--published', '2020-04-20T00:00:00Z', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown argument: frobnicate');
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no command given');
  });

  test('--help explains resolve', async () => {
    const run = await runCli(['resolve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--published');
    expect(run.stdout).toContain('--require-all');
  });
});
