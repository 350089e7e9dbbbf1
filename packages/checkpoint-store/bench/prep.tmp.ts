import { rmSync } from 'node:fs';
import { CheckpointStore, type RecordPut } from '../src/index.js';
const dir = '/tmp/cpx/comp'; rmSync(dir, { recursive: true, force: true });
function mix(n: number): number { let x = Math.imul(n ^ (n >>> 16), 0x45d9f3b); x = Math.imul(x ^ (x >>> 16), 0x45d9f3b); return (x ^ (x >>> 16)) >>> 0; }
const store = CheckpointStore.open(dir, { compactAfter: 10_000_000 });
for (let first = 0; first < 1_000_000; first += 2000) {
  const put: RecordPut[] = [];
  for (let id = first; id < first + 2000; id++) { const h = mix(id); put.push({ collection: 'modules', key: `github.com/owner${h % 400000}/repo${id}`, value: { version: `v${h % 3}.${h % 41}.${h % 17}`, timestamp: new Date(1.555e12 + id * 25000).toISOString(), id, status: 'ok' } }); }
  store.commit({ put });
  if (first + 2000 === 750_000) store.compact();
}
store.close();
