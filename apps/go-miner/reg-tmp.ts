import { SyntheticGoDataset, startFakeGoRegistry } from '@registry-miners/testkit';
const [entries, modules, latency] = process.argv.slice(2).map(Number);
const r = await startFakeGoRegistry({ dataset: new SyntheticGoDataset({ entries: entries!, modules: modules!, seed: 1 }), latencyMs: latency ?? 0, port: 18081 });
console.log(r.indexUrl, r.proxyUrl);
setInterval(() => {}, 1e9);
process.on('SIGUSR2', () => console.log(JSON.stringify(r.stats())));
