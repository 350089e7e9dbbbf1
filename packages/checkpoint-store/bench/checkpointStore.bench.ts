// Benchmark: 2.5 M go-miner module records committed in batches of 2000 (each with its cursor), then
// 250 k updates (an incremental run), then a reopen and a full ordered read, each workload in its own
// process to measure its peak RSS. Baseline in the same run: the approach this package replaces (whole
// state as one JSON file, rewritten durably after every batch) on a tenth of the records.
//   pnpm bench            (env RECORDS=..., UPDATES=..., BASELINE_RECORDS=... to change the sizes)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RECORDS = Number(process.env['RECORDS'] ?? 2_500_000);
const BASELINE_RECORDS = Number(process.env['BASELINE_RECORDS'] ?? 250_000);
/** Updates after the initial load: they stay in the journal (below the default compactAfter) for the reopen to index. */
const UPDATES = Number(process.env['UPDATES'] ?? 250_000);
const BATCH = 2000;
const packageDir = fileURLToPath(new URL('..', import.meta.url));

function run<T>(mode: string, dir: string, records = 0): T {
  const out = execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'bench/workload.ts', mode, dir, String(records), String(BATCH), String(BASELINE_RECORDS), String(UPDATES)],
    { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T;
}

interface WriteResult {
  count: number;
  seconds: number;
  updates: number;
  updateSeconds: number;
  secondsAtMark: number;
  cpuSeconds: number;
  bytesWritten: number | undefined;
  commitSeconds: number;
  commitMs: { p50: number; p99: number; max: number };
  maxRssMiB: number;
  peakDiskBytes: number;
  diskBytesBeforeClose: number;
  diskBytesAfterClose: number;
}
interface ReopenResult {
  quickCheck: string[];
  quickCheckSeconds: number;
  journalRows: number;
  openSeconds: number;
  iterated: number;
  ordered: boolean;
  iterateSeconds: number;
  getMany: { keys: number; found: number; ms: number };
  countMs: number;
  closeSeconds: number;
  maxRssMiB: number;
}
interface NaiveResult {
  seconds: number;
  lastRewriteMs: number;
  bytes: number;
  maxRssMiB: number;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const f = (n: number, digits = 1): string => n.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

const root = mkdtempSync(join(tmpdir(), 'checkpoint-bench-'));
try {
  console.log(`checkpoint-store bench: ${RECORDS.toLocaleString('en')} records, batches of ${BATCH}, ${cpus().length} CPUs, Node ${process.version}`);
  const w = run<WriteResult>('write', join(root, 'store'), RECORDS);
  const r = run<ReopenResult>('reopen', join(root, 'store'));
  const n = run<NaiveResult>('naive', join(root, '.'), BASELINE_RECORDS);

  console.log('\nwrite (open, then commits of new records)');
  console.log(`  total            ${f(w.seconds)} s   (${f(RECORDS / w.seconds, 0)} records/s, ${f(w.cpuSeconds)} s CPU), of which ${f(w.commitSeconds)} s in commit()`);
  if (w.bytesWritten !== undefined) console.log(`  written to disk  ${mib(w.bytesWritten)} (journal appends, merges, WAL checkpoints)`);
  console.log(`  then updates     ${f(w.updateSeconds)} s for ${w.updates.toLocaleString('en')} new versions of known modules (${f(w.updates / w.updateSeconds, 0)} records/s), left in the journal`);
  console.log(`  commit() latency p50 ${f(w.commitMs.p50)} ms, p99 ${f(w.commitMs.p99)} ms, max ${f(w.commitMs.max)} ms (the slowest ones merge the journal)`);
  console.log(`  peak RSS         ${f(w.maxRssMiB, 0)} MiB`);
  console.log(`  disk             ${mib(w.diskBytesBeforeClose)} db+wal before close, ${mib(w.diskBytesAfterClose)} after close, peak ${mib(w.peakDiskBytes)}`);
  console.log(`  records counted  ${w.count.toLocaleString('en')} (count() after the updates)`);
  console.log('\nreopen (fresh process)');
  console.log(`  open()           ${f(r.openSeconds, 2)} s   (lock + format check + quick_check + indexing ${r.journalRows.toLocaleString('en')} journaled changes)`);
  console.log(`  quick_check      ${f(r.quickCheckSeconds, 2)} s of it (measured alone: ${r.quickCheck.join(', ')})`);
  console.log(`  full iteration   ${f(r.iterateSeconds, 2)} s   (${r.iterated.toLocaleString('en')} records, ${r.ordered ? 'in key order' : 'OUT OF ORDER'}, ${f(r.iterated / r.iterateSeconds, 0)} records/s)`);
  console.log(`  getMany          ${f(r.getMany.ms, 1)} ms for ${r.getMany.keys} random keys (${r.getMany.found} distinct found)`);
  console.log(`  count()          ${f(r.countMs, 2)} ms;  close() ${f(r.closeSeconds, 2)} s;  peak RSS ${f(r.maxRssMiB, 0)} MiB`);

  const ours = w.secondsAtMark;
  console.log(`\nbaseline: whole-state JSON file rewritten (tmp + fsync + rename) after each batch, ${BASELINE_RECORDS.toLocaleString('en')} records`);
  console.log(`  naive JSON       ${f(n.seconds)} s, peak RSS ${f(n.maxRssMiB, 0)} MiB, file ${mib(n.bytes)}, last rewrite ${f(n.lastRewriteMs, 0)} ms per batch`);
  if (ours > 0) {
    console.log(`  checkpoint-store ${f(ours)} s for the same first ${BASELINE_RECORDS.toLocaleString('en')} records (same run above)`);
    console.log(`  ratio            ${f(n.seconds / ours)}x faster; the naive cost per batch grows with the state (x${f(RECORDS / BASELINE_RECORDS, 0)} at ${RECORDS.toLocaleString('en')} records), ours does not`);
  }

  console.log('\ntargets');
  console.log(`  ${verdict(w.seconds < 60)}  write ${RECORDS.toLocaleString('en')} records < 60 s   (${f(w.seconds)} s)`);
  console.log(`  ${verdict(w.maxRssMiB < 300)}  peak RSS < 300 MiB            (${f(w.maxRssMiB, 0)} MiB)`);
  console.log(`  ${verdict(r.openSeconds < 3)}  reopen < 3 s                  (${f(r.openSeconds, 2)} s)`);
  console.log(`  ${verdict(r.ordered && r.iterated === w.count && w.count === RECORDS)}  full iteration in key order, every record (${r.iterated.toLocaleString('en')})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
