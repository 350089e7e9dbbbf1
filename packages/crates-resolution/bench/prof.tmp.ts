import NodeGit from 'nodegit';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCargoLock, cratesIoPackages } from '@registry-miners/cargolock-parser';
import { findRegistryResolution } from '../src/index.js';
const casesDir = '/work/shared/data/crates-cases';
const repos = new Map<string, NodeGit.Repository>();
for (const b of ['master', 'snapshot-2020-03-25']) repos.set(b, await NodeGit.Repository.openBare(`/tmp/crx/${b}`));
for (const name of process.argv.slice(2)) {
  const c = JSON.parse(await readFile(join(casesDir, name, 'case.json'), 'utf8'));
  const pk = cratesIoPackages(await readCargoLock(join(casesDir, name, 'Cargo.lock')));
  for (let i = 0; i < 4; i++) {
    const t = performance.now(); const cpu = process.cpuUsage();
    const r = await findRegistryResolution(c.refs.map((x: string) => repos.get(x)!), pk, new Date(c.published));
    const u = process.cpuUsage(cpu);
    console.log(name, (performance.now() - t).toFixed(0), ((u.user + u.system) / 1000).toFixed(0), r.commit === c.expected.commit);
  }
}
