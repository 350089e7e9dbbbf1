/**
 * Proves that scripts/checkImportGraph.mjs fails on each kind of violation it exists for, and passes on a
 * tree that follows the rules: it runs the check on small workspaces written to a temp directory.
 *
 *   node --test scripts/checkImportGraph.test.mjs
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'checkImportGraph.mjs');
const made = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A workspace holding `files` (path → source), checked; returns the exit status and output. */
function check(files) {
  const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  made.push(root);
  const all = { 'tsconfig.base.json': '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext" } }\n', ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** A tree that follows every rule: an app's entry, command, job and a lower folder over two packages. */
const lawful = {
  'packages/lib/src/index.ts': "export { one } from './one.js';\n",
  'packages/lib/src/one.ts': 'export const one = 1;\n',
  'packages/testkit/src/index.ts': "import { one } from '../../lib/src/index.js';\nexport const fake = one;\n",
  'packages/lib/test/one.test.ts': "import { fake } from '../../testkit/src/index.js';\nimport { one } from '../src/index.js';\nexport const same = fake === one;\n",
  'apps/cli/src/bin.ts': "import { main } from './main.js';\nmain();\n",
  'apps/cli/src/main.ts': "import { run } from './commands/run.js';\nexport function main(): void {\n  run();\n}\n",
  'apps/cli/src/commands/run.ts': "import { runJob } from '../runJob.js';\nexport function run(): void {\n  runJob();\n}\n",
  'apps/cli/src/runJob.ts': "import { one } from '../../../packages/lib/src/index.js';\nimport { render } from './progress/render.js';\nexport function runJob(): void {\n  render(one);\n}\n",
  'apps/cli/src/progress/render.ts': "import { format } from './format.js';\nexport function render(n: number): string {\n  return format(n);\n}\n",
  'apps/cli/src/progress/format.ts': 'export function format(n: number): string {\n  return String(n);\n}\n',
};

describe('checkImportGraph', () => {
  it('passes on a tree that follows the rules', () => {
    const { status, output } = check(lawful);
    assert.equal(status, 0, output);
    assert.match(output, /no dependency violations found/);
  });

  // Each violation in files of its own, so that one run of the check over all of them names each.
  const violations = [
    ['no-circular', { 'packages/lib/src/ping.ts': "import { pong } from './pong.js';\nexport const ping = pong;\n", 'packages/lib/src/pong.ts': "import type { ping } from './ping.js';\nexport const pong = 2;\nexport type Ping = typeof ping;\n" }, 'packages/lib/src/ping.ts'],
    ['package-imports-app', { 'packages/lib/src/job.ts': "import { runJob } from '../../../apps/cli/src/runJob.js';\nexport const job = typeof runJob;\n" }, 'packages/lib/src/job.ts → apps/cli/src/runJob.ts'],
    ['app-imports-other-app', { 'apps/other/src/main.ts': "import { render } from '../../cli/src/progress/render.js';\nexport const main = render;\n" }, 'apps/other/src/main.ts → apps/cli/src/progress/render.ts'],
    ['production-imports-testkit', { 'packages/lib/src/fixture.ts': "import { fake } from '../../testkit/src/index.js';\nexport const fixture = fake;\n" }, 'packages/lib/src/fixture.ts → packages/testkit/src/index.ts'],
    ['app-imports-entry-point', { 'apps/cli/src/version.ts': "import { main } from './main.js';\nexport const version = typeof main;\n" }, 'apps/cli/src/version.ts → apps/cli/src/main.ts'],
    ['app-imports-command', { 'apps/cli/src/progress/help.ts': "import { run } from '../commands/run.js';\nexport const help = typeof run;\n" }, 'apps/cli/src/progress/help.ts → apps/cli/src/commands/run.ts'],
    ['app-folder-imports-up', { 'apps/cli/src/jobOptions.ts': 'export const jobOptions = {};\n', 'apps/cli/src/progress/options.ts': "import { jobOptions } from '../jobOptions.js';\nexport const options = jobOptions;\n" }, 'apps/cli/src/progress/options.ts → apps/cli/src/jobOptions.ts'],
  ];
  const broken = check(Object.assign({}, lawful, ...violations.map(([, files]) => files)));
  it('fails on a tree that breaks them', () => {
    assert.notEqual(broken.status, 0, broken.output);
  });
  for (const [rule, , where] of violations) {
    it(`names each ${rule} violation`, () => {
      assert.ok(broken.output.includes(`error ${rule}: ${where}`), broken.output);
    });
  }
});
