import { spawnFakeGoRegistry } from '@registry-miners/testkit';
import { HttpPool } from '@registry-miners/http-pool';
import { crawlIndexSharded, planShards } from './src/index.js';
const r = await spawnFakeGoRegistry({ entries: 300000, modules: 30000, indexLatencyMs: 0, prepare: false });
const pool = new HttpPool();
for (let round = 0; round < 2; round++) {
  const cpu = process.cpuUsage();
  const s = performance.now();
  let n = 0;
  for await (const page of crawlIndexSharded({ pool, indexUrl: r.indexUrl, includeAll: true, shards: planShards(16) })) n += page.entries.length;
  const used = process.cpuUsage(cpu);
  console.log(n, 'entries', Math.round(performance.now() - s), 'ms wall', ((used.user + used.system) / 1000).toFixed(0), 'ms client CPU', (((used.user + used.system) / n)).toFixed(2), 'µs/entry', JSON.stringify(pool.stats().latencyMs));
}
await pool.close();
await r.close();
