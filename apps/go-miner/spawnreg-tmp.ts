import { spawnFakeGoRegistry } from '@registry-miners/testkit';
const [entries, modules, latency] = process.argv.slice(2).map(Number);
const r = await spawnFakeGoRegistry({ entries: entries!, modules: modules!, seed: 1, latencyMs: latency ?? 0, port: 18082 });
console.log(r.indexUrl, r.proxyUrl, r.pid);
process.on('SIGTERM', async () => { await r.close(); process.exit(0); });
setInterval(() => {}, 1e9);
