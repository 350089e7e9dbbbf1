/**
 * The offline demo: starts the testkit's fake index.golang.org + proxy.golang.org (a synthetic,
 * deterministic dataset) in a child process, runs the real go-miner CLI against it with a temporary
 * state directory, and shows where the CSV is, its first lines, and whether it matches the fake
 * registry's ground truth. No internet needed.
 *
 *   pnpm --filter go-miner demo [-- --entries 200000 --modules 20000 --faults]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultGoFaults, goGroundTruthCsv, spawnFakeGoRegistry, SyntheticGoDataset } from '@registry-miners/testkit';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    entries: { type: 'string', default: '100000' },
    modules: { type: 'string', default: '10000' },
    'latency-ms': { type: 'string', default: '2' },
    faults: { type: 'boolean', default: false },
  },
});
const entries = Number(values.entries);
const modules = Number(values.modules);
const appDir = fileURLToPath(new URL('..', import.meta.url));

console.log(`Starting a fake Go module index + proxy (${entries} index entries, ${modules} modules${values.faults ? ', with faults' : ''})…`);
const registry = await spawnFakeGoRegistry({
  entries,
  modules,
  seed: 1,
  latencyMs: Number(values['latency-ms']),
  ...(values.faults ? { faults: { ...defaultGoFaults, retryAfterSeconds: 0 } } : {}),
});
const dir = await mkdtemp(join(tmpdir(), 'go-miner-demo-'));
const out = join(dir, 'go-modules.csv');
const args = ['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--state-dir', join(dir, 'state'), '--out', out, '--shards', '4'];
console.log(`Running: go-miner ${args.join(' ')}\n`);
try {
  const child = spawn(process.execPath, ['--max-old-space-size=320', '--max-semi-space-size=32', '--initial-old-space-size=96', '--single-threaded-gc', '--conditions=source', '--import', 'tsx', 'src/bin.ts', ...args], { cwd: appDir, stdio: ['ignore', 'inherit', 'inherit'] });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) {
    console.error(`\ngo-miner exited with ${code}`);
    process.exitCode = code ?? 1;
  } else {
    const csv = await readFile(out, 'utf8');
    const lines = csv.split('\n');
    console.log(`\nThe CSV: ${out} (${lines.length - 2} modules)\n`);
    console.log(lines.slice(0, 11).join('\n'));
    console.log('…\n');
    const truth = goGroundTruthCsv(new SyntheticGoDataset({ entries, modules, seed: 1 }));
    console.log(`Matches the fake registry's ground truth byte for byte: ${csv === truth ? 'yes' : 'NO'}`);
    // The fake registry stops with the demo: only what needs no network is offered (a refresh would fail).
    const state = join(dir, 'state');
    console.log(`\nState kept in ${state}. Without a registry you can still read it:`);
    console.log(`  pnpm -s --filter go-miner start -- status --state-dir ${state}`);
    console.log(`  pnpm -s --filter go-miner start -- export --state-dir ${state} --format jsonl --out - | head -3`);
    if (csv !== truth) process.exitCode = 1;
  }
} finally {
  await registry.close();
}
