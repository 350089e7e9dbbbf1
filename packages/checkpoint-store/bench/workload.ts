// One measured workload per process (so peak RSS is its own), run by checkpointStore.bench.ts:
//   write  <dir> <records> <batch> <mark> <updates>
//          commit go-miner-like module records in batches, each with a cursor (noting the time when <mark>
//          records are committed), then <updates> new versions of known modules (incremental run)
//   reopen <dir>                                    reopen (lock + integrity check + journal index), then read it all
//   naive  <dir> <records> <batch>                  the replaced approach: whole state in memory, JSON file rewritten per batch
// Prints one JSON line with the figures.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CheckpointStore, type RecordPut } from '../src/index.js';

interface ModuleRecord {
  version: string;
  timestamp: string;
  id: number;
  status: 'ok' | 'gone' | 'retracted';
}

const STATUSES = ['ok', 'ok', 'ok', 'gone', 'retracted'] as const;

/** Deterministic scrambling so module paths arrive in random key order, as they do from the Go index feed. */
function mix(n: number): number {
  let x = Math.imul(n ^ (n >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

function modulePath(id: number): string {
  const h = mix(id);
  return `github.com/owner${h % 400_000}/repo${id}`;
}

function moduleRecord(id: number): ModuleRecord {
  const h = mix(id + 7);
  return {
    version: `v${h % 3}.${h % 41}.${h % 17}`,
    timestamp: new Date(1_555_000_000_000 + id * 25_000).toISOString(),
    id,
    status: STATUSES[h % STATUSES.length] ?? 'ok',
  };
}

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function diskBytes(dir: string): number {
  return size(join(dir, 'checkpoint.sqlite')) + size(join(dir, 'checkpoint.sqlite-wal'));
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Bytes this process caused to be written to storage (Linux /proc/self/io), or undefined elsewhere. */
function bytesWritten(): number | undefined {
  try {
    const line = readFileSync('/proc/self/io', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('write_bytes:'));
    return line === undefined ? undefined : Number(line.split(':')[1]);
  } catch {
    return undefined;
  }
}

function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function write(dir: string, records: number, batch: number, mark: number, updates: number): object {
  const started = performance.now();
  const store = CheckpointStore.open(dir);
  const latencies: number[] = [];
  let peakDisk = 0;
  let atMark = 0;
  for (let first = 0; first < records; first += batch) {
    const put: RecordPut[] = [];
    const last = Math.min(records, first + batch);
    for (let id = first; id < last; id += 1) put.push({ collection: 'modules', key: modulePath(id), value: moduleRecord(id) });
    const t = performance.now();
    store.commit({ put, cursors: { since: moduleRecord(last - 1).timestamp, batch: first / batch } });
    latencies.push(performance.now() - t);
    peakDisk = Math.max(peakDisk, diskBytes(dir));
    if (last === mark) atMark = (performance.now() - started) / 1000;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds();
  const written = bytesWritten();
  // Incremental phase: new versions of random known modules, as a later run of the miner would commit.
  // It leaves that many changes in the journal for the reopen to index.
  const updatesStarted = performance.now();
  for (let done = 0; done < updates; done += batch) {
    const put: RecordPut[] = [];
    for (let i = done; i < Math.min(updates, done + batch); i += 1) {
      const id = mix(i + 1_000_000_007) % records;
      put.push({ collection: 'modules', key: modulePath(id), value: { ...moduleRecord(id), version: `v9.${i % 97}.0` } });
    }
    store.commit({ put, cursors: { since: new Date(1_700_000_000_000 + done).toISOString(), batch: records / batch + done / batch } });
  }
  const updateSeconds = (performance.now() - updatesStarted) / 1000;
  const count = store.count('modules');
  const beforeClose = diskBytes(dir);
  store.close();
  latencies.sort((a, b) => a - b);
  return {
    records,
    count,
    seconds,
    updates,
    updateSeconds,
    secondsAtMark: atMark,
    cpuSeconds: cpu,
    bytesWritten: written,
    commitMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    commitSeconds: latencies.reduce((a, b) => a + b, 0) / 1000,
    maxRssMiB: maxRssMiB(),
    peakDiskBytes: peakDisk,
    diskBytesBeforeClose: beforeClose,
    diskBytesAfterClose: diskBytes(dir),
  };
}

function reopen(dir: string): object {
  let t = performance.now();
  const store = CheckpointStore.open(dir);
  const openSeconds = (performance.now() - t) / 1000;
  const cursor = store.cursor<string>('since');
  t = performance.now();
  let n = 0;
  let previous = '';
  let ordered = true;
  for (const [key] of store.entries('modules')) {
    if (key <= previous) ordered = false;
    previous = key;
    n += 1;
  }
  const iterateSeconds = (performance.now() - t) / 1000;
  const keys = Array.from({ length: 2000 }, (_, i) => modulePath(mix(i) % n));
  t = performance.now();
  const found = store.getMany('modules', keys).size;
  const getManyMs = performance.now() - t;
  t = performance.now();
  const count = store.count('modules');
  const countMs = performance.now() - t;
  t = performance.now();
  store.close();
  const closeSeconds = (performance.now() - t) / 1000;
  // The integrity check alone, as open() runs it, to show its share of the reopen.
  const raw = new Database(join(dir, 'checkpoint.sqlite'), { readonly: true });
  raw.pragma('cache_size = -16384');
  t = performance.now();
  const quickCheck = raw.prepare('PRAGMA quick_check(5)').pluck().all();
  const quickCheckSeconds = (performance.now() - t) / 1000;
  const journalRows = raw.prepare('SELECT count(*) FROM journal').pluck().get();
  raw.close();
  return { quickCheck, quickCheckSeconds, journalRows, openSeconds, cursor, iterated: n, ordered, iterateSeconds, getMany: { keys: keys.length, found, ms: getManyMs }, count, countMs, closeSeconds, maxRssMiB: maxRssMiB() };
}

function naive(dir: string, records: number, batch: number): object {
  const started = performance.now();
  const state = { cursors: {} as Record<string, unknown>, modules: new Map<string, ModuleRecord>() };
  const path = join(dir, 'state.json');
  let lastRewriteMs = 0;
  for (let first = 0; first < records; first += batch) {
    const last = Math.min(records, first + batch);
    for (let id = first; id < last; id += 1) state.modules.set(modulePath(id), moduleRecord(id));
    state.cursors = { since: moduleRecord(last - 1).timestamp, batch: first / batch };
    // Durable like a commit(): write a temp file, fsync it, rename it over the previous state.
    const t = performance.now();
    const json = JSON.stringify({ cursors: state.cursors, modules: Object.fromEntries(state.modules) });
    const fd = openSync(`${path}.tmp`, 'w');
    writeSync(fd, json);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(`${path}.tmp`, path);
    lastRewriteMs = performance.now() - t;
  }
  return { records, seconds: (performance.now() - started) / 1000, lastRewriteMs, bytes: size(path), maxRssMiB: maxRssMiB() };
}

const [mode, dir, recordsArg = '0', batchArg = '2000', markArg = '0', updatesArg = '0'] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: workload.ts write|reopen|naive <dir> [records] [batch] [mark] [updates]');
const records = Number(recordsArg);
const batch = Number(batchArg);
const result =
  mode === 'write'
    ? write(dir, records, batch, Number(markArg), Number(updatesArg))
    : mode === 'reopen'
      ? reopen(dir)
      : naive(dir, records, batch);
process.stdout.write(`${JSON.stringify(result)}\n`);
