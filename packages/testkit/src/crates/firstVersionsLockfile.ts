import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { formatCargoLock } from './formatCargoLock.js';

const run = promisify(execFile);

/**
 * A Cargo.lock of real crates.io packages of any size: the first version of the first `count`
 * crates of the index at HEAD of `repo` (a clone of the index). Every package is resolvable at HEAD.
 */
export async function firstVersionsLockfile(repo: string, count: number): Promise<string> {
  const { stdout: list } = await run('git', ['ls-tree', '-r', '--name-only', 'HEAD'], { cwd: repo, maxBuffer: 1 << 26 });
  const paths = list.split('\n').filter((path) => path !== '' && path !== 'config.json').slice(0, count);
  const output = await new Promise<Buffer>((resolve, reject) => {
    // Each answer of cat-file --batch is `<id> blob <size>\n<content>\n`; the first line of a crate's file is its first version.
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', () => resolve(Buffer.concat(chunks)));
    child.stdin.end(paths.map((path) => `HEAD:${path}\n`).join(''));
  });
  const packages: { name: string; version: string }[] = [];
  for (let offset = 0; offset < output.length; ) {
    const headerEnd = output.indexOf(10, offset);
    const size = Number(output.subarray(offset, headerEnd).toString().split(' ')[2]);
    const content = output.subarray(headerEnd + 1, headerEnd + 1 + size);
    const first = JSON.parse(content.subarray(0, content.indexOf(10)).toString('utf8')) as { name: string; vers: string };
    packages.push({ name: first.name, version: first.vers });
    offset = headerEnd + 1 + size + 1;
  }
  return formatCargoLock(packages);
}
