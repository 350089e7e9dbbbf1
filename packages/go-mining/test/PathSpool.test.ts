import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@registry-miners/testkit';
import { expect, it } from 'vitest';
import { PathSpool } from '../src/PathSpool.js';

it('gives the paths back in order, as often as asked, across its 1 MB chunks, and deletes its file', async () => {
  const { dir, cleanup } = await makeTempDir('go-mining-spool-');
  try {
    // About 2.4 MB: reads end inside a path, which the next read completes.
    const paths = Array.from({ length: 40_000 }, (_, i) => `github.com/owner-${i % 977}/repository-${i}${'x'.repeat(i % 37)}`);
    const spool = new PathSpool(join(dir, 'paths.tmp'));
    for (const path of paths) spool.add(path);
    expect([...spool.paths()]).toEqual(paths);
    expect([...spool.paths()]).toEqual(paths);
    spool.remove();
    expect(existsSync(join(dir, 'paths.tmp'))).toBe(false);
  } finally {
    await cleanup();
  }
});
