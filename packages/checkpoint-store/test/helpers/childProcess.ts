import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnFixture as spawnTsFixture } from '@registry-miners/testkit';

export { exited, waitForLine } from '@registry-miners/testkit';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** Runs test/fixtures/<name>.ts of this package in a real Node process. */
export function spawnFixture(name: string, args: string[]): ChildProcess {
  return spawnTsFixture(packageDir, `test/fixtures/${name}.ts`, args);
}
