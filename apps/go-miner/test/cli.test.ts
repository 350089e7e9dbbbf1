import { display } from '@registry-miners/utils';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { goGroundTruthCsv } from '@registry-miners/testkit';
import type { FakeGoRegistry } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { APP_DIR, runCli, runProgram } from './support/cli.js';
import { dataset, registryForSuite } from './support/registry.js';

const WORKSPACE = resolve(APP_DIR, '../..');

/** Runs go-miner's CLI in this process, as bin.ts does, and returns what a user would see. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await main(args, { stdout, stderr, handleSignals: false, env: {} });
  return { code, stdout: out, stderr: err };
}

/** `pnpm -s --filter go-miner start -- <args>`, run for real from `cwd` (a directory outside the workspace). */
function pnpmStart(cwd: string, args: string[], options: { silent?: boolean } = {}): ReturnType<typeof runProgram> {
  const env = { ...process.env };
  // The test runner's own pnpm script must not leak into the one we start.
  for (const name of Object.keys(env)) if (name.startsWith('npm_') || name === 'INIT_CWD') delete env[name];
  const silent = options.silent === false ? [] : ['-s'];
  return runProgram('pnpm', [...silent, '-C', WORKSPACE, '--filter', 'go-miner', 'start', '--', ...args], { cwd, env });
}

describe('command line', () => {
  it('bounds every numeric flag: a value out of range, not a number or not whole is a usage error naming what was typed', async () => {
    const cases: Array<[string, string, string]> = [
      ['concurrency', '1e9', 'an integer from 1 to 1024'],
      ['concurrency', 'abc', 'an integer from 1 to 1024'],
      ['concurrency', '0x10', 'an integer from 1 to 1024'],
      ['shards', '1000', 'an integer from 1 to 256'],
      ['shards', '2.5', 'an integer from 1 to 256'],
      ['page-limit', '5000', 'an integer from 1 to 2000'],
      ['commit-interval', '-1', 'a finite number from 0 to 3600'],
      ['max-retries', '1e6', 'an integer from 0 to 100'],
      ['request-timeout', 'Infinity', 'a finite number from 0.1 to 3600'],
      ['max-elapsed', '0', 'a finite number from 0.1 to 86400'],
      ['requests-per-second', 'NaN', 'a finite number from 0.1 to 100000'],
      ['progress-interval', '', 'a finite number from 0.1 to 86400'],
    ];
    for (const [flag, value, range] of cases) {
      const result = await cli([`--${flag}=${value}`]);
      expect({ flag, value, code: result.code }).toEqual({ flag, value, code: 2 });
      expect(result.stderr).toBe(
        `go-miner: Expected \`--${flag}\` to be ${range}, got ${display(value)} [ERR_USAGE]\n` +
          'hint: Run `go-miner --help` for the commands and options.\n',
      );
      expect(result.stdout).toBe('');
    }
  });

  it('refuses a flag without its value as a usage error, not a bug (exit 2, one line and a hint)', async () => {
    for (const [args, message] of [
      [['--out'], '--out needs a value'],
      [['export', '-o'], '-o needs a value'],
      [['status', '--state-dir'], '--state-dir needs a value'],
      [['--concurrency'], '--concurrency needs a value'],
    ] as const) {
      const result = await runCli([...args]);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toBe(`go-miner: ${message} [ERR_USAGE]\nhint: Run \`go-miner --help\` for the commands and options.\n`);
    }
  }, 180_000);

  it('takes the last value of a flag given twice', async () => {
    const dir = join(APP_DIR, 'no-such-dir');
    const twice = await cli(['status', '--state-dir', `${dir}-a`, '--state-dir', `${dir}-b`]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`No go-miner state at ${dir}-b.`);
    const invalidLast = await cli(['--concurrency', '8', '--concurrency', 'lots']);
    expect(invalidLast.code).toBe(2);
    expect(invalidLast.stderr).toContain("got 'lots'");
  });

  it('refuses words after `--` (no command would read them) and `--quiet` with `--verbose`', async () => {
    const stray = await cli(['--state-dir', 'x', '--', 'status']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toBe(
      "go-miner: Nothing may follow `--` (no command reads it), got 'status' [ERR_USAGE]\n" +
        'hint: Give the command and its flags without `--`, e.g. `go-miner status`.\n',
    );
    const both = await cli(['status', '--quiet', '--verbose']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Arguments quiet and verbose are mutually exclusive');
  });

  it('prints its version with -V and --version', async () => {
    const { version } = JSON.parse(await readFile(join(APP_DIR, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['-V', '--version']) expect(await cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('through `pnpm --filter go-miner start -- <command>`', () => {
  const data = dataset({ entries: 2000, modules: 300 });
  let registry: FakeGoRegistry;
  let dir: string;
  registryForSuite({ dataset: data }, (suite) => ({ registry, dir } = suite));

  it('runs the command given after `--`, with relative paths from where pnpm was run, and data alone on stdout under `pnpm -s`', async () => {
    const job = await pnpmStart(dir, ['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--shards', '2', '--state-dir', 'state', '--out', 'modules.csv', '--quiet']);
    expect(job).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(join(dir, 'modules.csv'), 'utf8')).toBe(goGroundTruthCsv(data));

    const status = await pnpmStart(dir, ['status', '--state-dir', 'state', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ stateDir: join(dir, 'state'), crawl: { complete: true } });

    const rows = await pnpmStart(dir, ['export', '--state-dir', 'state', '--out', '-', '--format', 'jsonl', '--quiet']);
    expect(rows.code).toBe(0);
    const ids = rows.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { id: number }).id);
    const csvRows = goGroundTruthCsv(data).trimEnd().split('\n').length - 1;
    expect(ids).toEqual(Array.from({ length: csvRows }, (_, index) => index + 1));

    // Without -s, pnpm itself announces the script on stdout: the README says to pipe with `pnpm -s`.
    const loud = await pnpmStart(dir, ['--version'], { silent: false });
    expect(loud.stdout).toMatch(/^\n> go-miner@[\d.]+ start /);
  }, 300_000);

  it('fails with a usage error when the command would not run', async () => {
    const stray = await pnpmStart(dir, ['--state-dir', 'state', '--', 'status']);
    expect(stray.code).toBe(2);
    expect(stray.stdout).toBe('');
    expect(stray.stderr).toContain("Nothing may follow `--` (no command reads it), got 'status' [ERR_USAGE]");
  });
});
