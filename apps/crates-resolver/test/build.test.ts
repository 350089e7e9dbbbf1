import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildBinary } from '@registry-miners/testkit';
import { expect, it } from 'vitest';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

it('builds dist/bin.js as an executable program (shebang kept, x bit set), as the README promises', async () => {
  const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const built = await buildBinary('crates-resolver', APP_DIR);
  expect(built.firstLine).toMatch(/^#!\/usr\/bin\/env (-S )?node\b/);
  expect(built.executable).toBe(true);
  expect(built.version).toBe(version);
}, 600_000);
