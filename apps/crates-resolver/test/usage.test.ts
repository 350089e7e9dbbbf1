import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cratesCasesDir } from '@registry-miners/testkit';
import { runCli } from './runCli.js';

const lockfile = join(cratesCasesDir, 'tokei-2020-04-20', 'Cargo.lock');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** A usage error: exit 2, nothing on stdout, one `error:` line and one `hint:` line, never the help. */
async function expectUsageError(args: string[], message: RegExp): Promise<string> {
  const run = await runCli(args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^hint: /);
  return run.stderr;
}

describe('invocations that run no command fail', () => {
  test.each([[[]], [['--']], [['--cache-dir', '/tmp/x']], [['-q']]])('%j', async (args) => {
    const stderr = await expectUsageError(args, /no command given: name one of resolve, resolve-many, snapshots, fetch, status, serve/);
    expect(stderr).toContain('`crates-resolver --help` lists the commands');
  });

  test('an unknown command names what was typed and the nearest command', async () => {
    await expectUsageError(['resolv', lockfile], /unknown command "resolv": did you mean resolve\?/);
  });
});

describe('flags', () => {
  test.each([
    [['status', '--max-snapshots', '-1'], /Expected `--max-snapshots` to be a whole number from \d+ to \d+, got '-1'/],
    [['status', '--max-snapshots', '1e9'], /Expected `--max-snapshots` to be a whole number from \d+ to \d+, got '1e9'/],
    [['status', '--max-snapshots', 'abc'], /Expected `--max-snapshots` to be a whole number from \d+ to \d+, got 'abc'/],
    [['status', '--max-snapshots', '1', '--max-snapshots', '2'], /--max-snapshots is given 2 times/],
    [['status', '--cache-dir', '/tmp/a', '--cache-dir', '/tmp/b'], /--cache-dir is given 2 times/],
    [['status', '--cache-dir'], /Not enough arguments following: cache-dir/],
    [['status', '--update-interval', '1000h'], /--update-interval "1000h" is longer than 30 days/],
    [['serve', '--port', '99999'], /Expected `--port` to be a whole number from \d+ to \d+, got '99999'/],
    [['serve', '--port', 'abc'], /Expected `--port` to be a whole number from \d+ to \d+, got 'abc'/],
    [['status', '--bogus'], /Unknown argument: bogus/],
    [['status', '--quiet', '--verbose'], /quiet and verbose are mutually exclusive/],
  ])('%j', async (args, message) => {
    await expectUsageError(args, message);
  });

  test('--repo without a value is refused, not read as "use the managed cache"', async () => {
    await expectUsageError(['resolve', lockfile, '--published', '2020-04-20T00:00:00Z', '--repo'], /Not enough arguments following: repo/);
  });

  test.each(['2020-02-30T00:00:00Z', '2020-02-01T24:00:00Z', '2021-02-29T00:00:00Z', '2020-04-31T10:00:00Z', '2020-01-01T10:60:00Z', '2020-01-01T10:00:00+24:00'])(
    '--published %s is an impossible date',
    async (time) => {
      await expectUsageError(['resolve', lockfile, '--published', time], /is not a real date and time/);
    },
  );

  test('a leap day is a real date', async () => {
    // Valid, so the command goes on to the (missing) repository: the date itself was accepted.
    const run = await runCli(['resolve', lockfile, '--published', '2020-02-29T12:00:00Z', '--repo', '/nonexistent']);
    expect(run.stderr).toContain('--repo /nonexistent: no such directory');
  });

  test('resolve without --published nor --anchor says what it needs', async () => {
    await expectUsageError(['resolve', lockfile], /resolve needs --published \(or --anchor\)/);
  });

  test('-V and --version print the version alone on stdout', async () => {
    for (const flag of ['-V', '--version']) {
      const run = await runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });
});

test('an unwritable cache directory is a clear error with a hint, not a raw EPERM/EROFS', async () => {
  // sysfs refuses new directories even to root.
  const run = await runCli(['status', '--cache-dir', '/sys/crates-resolver-cache']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^error: The cache directory \/sys\/crates-resolver-cache (is not writable by this user|is on a read-only file system|cannot be written)/);
  expect(run.stderr).toContain('hint: give --cache-dir a writable directory');
});
