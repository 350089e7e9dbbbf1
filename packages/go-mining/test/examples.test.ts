import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { goGroundTruth, SyntheticGoDataset } from '@registry-miners/testkit';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

it('runs the README example: the whole job, then the export phase alone, with the ground truth counts', async () => {
  const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', 'examples/mineOffline.ts'], { cwd: PACKAGE_DIR });
  const truth = [...goGroundTruth(new SyntheticGoDataset({ entries: 5_000, modules: 800, seed: 1 }).prepare())];
  const found = truth.filter((row) => row.status === 'found').length;
  expect(stdout).toContain(`modules: ${truth.length}, rows written: ${truth.length}, found: ${found}`);
  expect(stdout).toContain('ID,Platform,Name,Homepage URL,Repository URL\n1,Go,');
  expect(stdout).toContain(`jsonl rows: ${truth.length}; crawl complete: true`);
}, 120_000);
