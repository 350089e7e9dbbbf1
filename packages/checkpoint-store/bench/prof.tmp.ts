import { rmSync } from 'node:fs';
import { CheckpointStore, type RecordPut } from '../src/index.js';
const N = Number(process.argv[2] ?? 1_000_000); const B = 2000; const CA = Number(process.argv[3] ?? 250_000);
const dir = '/tmp/cpx/prof'; rmSync(dir, { recursive: true, force: true });
function mix(n: number): number { let x = Math.imul(n ^ (n >>> 16), 0x45d9f3b); x = Math.imul(x ^ (x >>> 16), 0x45d9f3b); return (x ^ (x >>> 16)) >>> 0; }
const store = CheckpointStore.open(dir, { compactAfter: CA });
let genCpu = 0, commitCpu = 0, compCpu = 0, compWall = 0, commitWall = 0;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let first = 0; first < N; first += B) {
  let c0 = cpu();
  const put: RecordPut[] = [];
  for (let id = first; id < first + B; id++) { const h = mix(id); put.push({ collection: 'modules', key: `github.com/owner${h % 400000}/repo${id}`, value: { version: `v${h % 3}.${h % 41}.${h % 17}`, timestamp: new Date(1.555e12 + id * 25000).toISOString(), id, status: 'ok' } }); }
  genCpu += cpu() - c0;
  c0 = cpu(); const w0 = performance.now();
  store.commit({ put, cursors: { batch: first / B } });
  const dc = cpu() - c0, dw = performance.now() - w0;
  if ((first + B) % CA < B && first + B >= CA) { compCpu += dc; compWall += dw; } else { commitCpu += dc; commitWall += dw; }
}
store.close();
const ru = process.resourceUsage();
console.log({ N, CA, genCpu, commitCpu, commitWall: commitWall / 1000, compCpu, compWall: compWall / 1000, user: ru.userCPUTime / 1e6, sys: ru.systemCPUTime / 1e6, fsWrite: ru.fsWrite });
