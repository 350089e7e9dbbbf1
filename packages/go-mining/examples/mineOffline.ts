/**
 * Runs the whole Go job by import, then one phase on its own, offline: a fake index.golang.org and
 * proxy.golang.org (testkit) serve a small synthetic dataset. Run:
 *   node --conditions=source --import tsx packages/go-mining/examples/mineOffline.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogProgress } from '@registry-miners/progress';
import { startFakeGoRegistry, SyntheticGoDataset } from '@registry-miners/testkit';
import { exportPhase, mineGo, MinerState, readStatus } from '../src/index.js';

const registry = await startFakeGoRegistry({ dataset: new SyntheticGoDataset({ entries: 5_000, modules: 800, seed: 1 }) });
const dir = await mkdtemp(join(tmpdir(), 'go-mining-example-'));
const progress = new LogProgress({ intervalMs: 60_000 }); // a line per finished task on stderr
try {
  // 1. The whole job: crawl the index, assign IDs, look every module up in the proxy, write the CSV.
  const summary = await mineGo({
    stateDir: join(dir, 'state'),
    indexUrl: registry.indexUrl,
    proxyUrl: registry.proxyUrl,
    out: join(dir, 'go-modules.csv'),
    shards: 4,
    progress,
  });
  console.log(`modules: ${summary.modules}, rows written: ${summary.export?.rows}, found: ${summary.lookupCounts.found}`);
  console.log((await readFile(join(dir, 'go-modules.csv'), 'utf8')).split('\n').slice(0, 3).join('\n'));

  // 2. One phase by itself: export the same state again, as JSON lines (read-only: it could run beside a job).
  const state = MinerState.open(join(dir, 'state'), { readonly: true });
  try {
    const exported = await exportPhase({ state, out: join(dir, 'go-modules.jsonl'), format: 'jsonl' });
    console.log(`jsonl rows: ${exported.rows}; crawl complete: ${readStatus(state).crawl.complete}`);
  } finally {
    state.close();
  }
} finally {
  progress.close();
  await registry.close();
  await rm(dir, { recursive: true, force: true });
}
