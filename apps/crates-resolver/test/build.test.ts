import { fileURLToPath } from 'node:url';
import { builtBinaryProblems } from '@registry-miners/testkit';
import { expect, it } from 'vitest';

it('builds dist/bin.js as an executable program (shebang kept, x bit set, --version), as the README promises', async () => {
  expect(await builtBinaryProblems('crates-resolver', fileURLToPath(new URL('..', import.meta.url)))).toEqual([]);
}, 600_000);
