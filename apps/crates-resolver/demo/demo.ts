// The whole crates-resolver, offline: the real crates.io index history from testkit/fixtures served as
// local smart-HTTP remotes, a managed cache cloning from them, `resolve` on a real lockfile, and one
// request to `serve`. Run with: pnpm --filter crates-resolver demo
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cratesCasesDir, serveBundleOverHttp } from '@registry-miners/testkit';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const caseName = 'bat-lock-2020-03-22-published-2020-03-28';

const work = await mkdtemp(join(tmpdir(), 'crates-resolver-demo-'));
process.stderr.write(`demo: serving the bundled crates.io index history over HTTP (work dir ${work})\n`);
const remotes = await serveBundleOverHttp(join(work, 'remotes'));
const managerArgs = ['--cache-dir', join(work, 'cache'), '--index-url', remotes.currentUrl, '--archive-url', remotes.archiveUrl];
const lockfile = join(cratesCasesDir, caseName, 'Cargo.lock');
const { published, expected } = JSON.parse(await readFile(join(cratesCasesDir, caseName, 'case.json'), 'utf8'));

function cli(args: string[]) {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/bin.ts', ...args], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function show(title: string, args: string[]): Promise<void> {
  process.stderr.write(`\n$ crates-resolver ${args.join(' ')}\n`);
  const child = cli(args);
  child.stdout.pipe(process.stdout);
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${title} exited ${code}`);
}

try {
  await show('snapshots', ['snapshots', ...managerArgs]);
  await show('resolve', ['resolve', lockfile, '--published', published, ...managerArgs]);
  process.stderr.write(`(the reference answer for ${caseName} is ${expected.commit} at ${expected.time})\n`);
  await show('status', ['status', ...managerArgs]);

  process.stderr.write('\n$ crates-resolver serve --port 0 …, then POST /resolve\n');
  const server = cli(['serve', '--port', '0', ...managerArgs]);
  const url = await new Promise<string>((resolve) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
  });
  const body = new URLSearchParams({ lockfile_base64: (await readFile(lockfile)).toString('base64'), published_time: published });
  const response = await fetch(`${url}/resolve`, { method: 'POST', body });
  process.stdout.write(`HTTP ${response.status} ${await response.text()}`);
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('close', resolve));
} finally {
  await remotes.close();
  await rm(work, { recursive: true, force: true });
}
