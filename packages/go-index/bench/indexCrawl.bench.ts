/**
 * Sequential vs sharded-parallel crawl of a 2M-entry synthetic index served at 120 ms per page by the
 * testkit's fake registry (in a child process, so client and server do not share an event loop).
 * Verifies that both crawls, ordered by (micros, ordinal), are the same entries in the same order,
 * and equal to the dataset's own feed.
 *
 *   pnpm bench                         # 2,000,000 entries, 120 ms per page
 *   pnpm bench -- --entries 200000     # quicker
 *
 * Exit code 0 unless the crawls disagree (a correctness failure); the speed target prints PASS/FAIL.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { HttpPool } from '@registry-miners/http-pool';
import { spawnFakeGoRegistry, SyntheticGoDataset } from '@registry-miners/testkit';
import { crawlIndex, crawlIndexSharded, DEFAULT_SHARD_COUNT, type IndexEntry, planShards } from '@registry-miners/go-index';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '2000000' },
    modules: { type: 'string', default: '200000' },
    'latency-ms': { type: 'string', default: '120' },
    shards: { type: 'string', default: String(DEFAULT_SHARD_COUNT) },
  },
});
const ENTRIES = Number(values.entries);
const MODULES = Math.min(ENTRIES, Number(values.modules));
const LATENCY_MS = Number(values['latency-ms']);
const SHARDS = Number(values.shards);
const TARGET_SPEEDUP = 8;

/** Two 32-bit FNV-1a lanes (different offsets) over the entry's content, written at `out[at]`, `out[at + 1]`. */
function contentHash(path: string, version: string, timestamp: string, out: Uint32Array, at: number): void {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (const text of [path, version, timestamp]) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x01000193);
    }
    a = Math.imul(a ^ 10, 0x01000193);
    b = Math.imul(b ^ 10, 0x01000193);
  }
  out[at] = a >>> 0;
  out[at + 1] = b >>> 0;
}

/**
 * Keeps each page as compact columns; `digest()` orders pages by their first (micros, ordinal),
 * checks that the concatenation is strictly increasing (so pages neither overlap nor interleave),
 * and hashes the content sequence in that order.
 */
class FeedDigest {
  readonly #pages: { micros: Float64Array; ordinals: Uint32Array; hashes: Uint32Array }[] = [];
  count = 0;

  add(entries: readonly IndexEntry[]): void {
    if (entries.length === 0) return;
    const micros = new Float64Array(entries.length);
    const ordinals = new Uint32Array(entries.length);
    const hashes = new Uint32Array(entries.length * 2);
    entries.forEach((entry, i) => {
      micros[i] = Number(entry.micros);
      ordinals[i] = entry.ordinal;
      contentHash(entry.path, entry.version, entry.timestamp, hashes, 2 * i);
    });
    this.#pages.push({ micros, ordinals, hashes });
    this.count += entries.length;
  }

  digest(): string {
    const pages = [...this.#pages].sort((a, b) => a.micros[0]! - b.micros[0]! || a.ordinals[0]! - b.ordinals[0]!);
    const sha = createHash('sha256');
    let lastMicros = -Infinity;
    let lastOrdinal = -1;
    for (const page of pages) {
      for (let i = 0; i < page.micros.length; i++) {
        const micros = page.micros[i]!;
        const ordinal = page.ordinals[i]!;
        if (micros < lastMicros || (micros === lastMicros && ordinal <= lastOrdinal)) {
          throw new Error(`Entries out of (micros, ordinal) order or repeated at ${micros}#${ordinal}`);
        }
        lastMicros = micros;
        lastOrdinal = ordinal;
      }
      sha.update(page.hashes);
    }
    return sha.digest('hex').slice(0, 16);
  }
}

function expectedDigest(dataset: SyntheticGoDataset): { count: number; digest: string } {
  const sha = createHash('sha256');
  const chunk = new Uint32Array(2 * 65536);
  let filled = 0;
  let count = 0;
  for (const entry of dataset.feed({ includeAll: true })) {
    contentHash(entry.path, entry.version, entry.timestamp, chunk, 2 * filled);
    count++;
    if (++filled === 65536) {
      sha.update(chunk);
      filled = 0;
    }
  }
  sha.update(chunk.subarray(0, 2 * filled));
  return { count, digest: sha.digest('hex').slice(0, 16) };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}

interface Phase {
  ms: number;
  clientCpu: number;
  serverCpu: number;
  /** Mean requests in flight, sampled every 20 ms. */
  meanInFlight: number;
  latencyP50: number;
  latencyP90: number;
}

/** Wall time, CPU time of this process and of the server process, and the pool's concurrency over a phase. */
function meter(serverPid: number, pool: HttpPool): () => Phase {
  const start = performance.now();
  const client = process.cpuUsage();
  const server = processCpuSeconds(serverPid);
  let samples = 0;
  let inFlight = 0;
  const timer = setInterval(() => {
    samples++;
    inFlight += pool.stats().inFlight;
  }, 20);
  return () => {
    clearInterval(timer);
    const used = process.cpuUsage(client);
    const { latencyMs } = pool.stats();
    return {
      ms: performance.now() - start,
      clientCpu: (used.user + used.system) / 1e6,
      serverCpu: processCpuSeconds(serverPid) - server,
      meanInFlight: samples === 0 ? 0 : inFlight / samples,
      latencyP50: latencyMs.p50,
      latencyP90: latencyMs.p90,
    };
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  console.log(`index crawl bench: ${ENTRIES.toLocaleString('en')} entries (include=all), ${LATENCY_MS} ms per page, 2000 per page, ${SHARDS} shards; load average ${loadavg()[0]!.toFixed(1)}`);
  const registry = await spawnFakeGoRegistry({ entries: ENTRIES, modules: MODULES, indexLatencyMs: LATENCY_MS, prepare: false });
  // One pool per phase, so that each phase's latency percentiles are its own.
  const sequentialPool = new HttpPool({ concurrency: 64, maxRetries: 3 });
  const parallelPool = new HttpPool({ concurrency: 64, maxRetries: 3 });
  try {
    const truth = expectedDigest(new SyntheticGoDataset({ entries: ENTRIES, modules: MODULES }));

    const sequential = new FeedDigest();
    let sequentialPages = 0;
    const sequentialMeter = meter(registry.pid, sequentialPool);
    for await (const page of crawlIndex({ pool: sequentialPool, indexUrl: registry.indexUrl, includeAll: true })) {
      sequential.add(page.entries);
      sequentialPages++;
    }
    const sequentialPhase = sequentialMeter();
    const sequentialMs = sequentialPhase.ms;
    const sequentialRequests = (await registry.stats()).byEndpoint.index;
    await registry.resetStats();

    const parallel = new FeedDigest();
    let parallelPages = 0;
    let finalShards = 0;
    let maxShardId = 0;
    const parallelMeter = meter(registry.pid, parallelPool);
    for await (const page of crawlIndexSharded({ pool: parallelPool, indexUrl: registry.indexUrl, includeAll: true, shards: planShards(SHARDS) })) {
      parallel.add(page.entries);
      if (page.entries.length > 0) parallelPages++;
      finalShards = page.shards.length;
      maxShardId = Math.max(maxShardId, page.shardId);
    }
    const parallelPhase = parallelMeter();
    const parallelMs = parallelPhase.ms;
    const parallelStats = await registry.stats();

    const sequentialDigest = sequential.digest();
    const parallelDigest = parallel.digest();
    const speedup = sequentialMs / parallelMs;
    const rows = [
      ['', 'entries', 'pages', 'requests', 'time', 'pages/s', 'entries/s', 'in flight', 'latency p50/p90', 'client CPU', 'server CPU', 'digest'],
      [
        'sequential (1 cursor)',
        sequential.count,
        sequentialPages,
        sequentialRequests,
        seconds(sequentialMs),
        (sequentialPages / (sequentialMs / 1000)).toFixed(1),
        Math.round(sequential.count / (sequentialMs / 1000)),
        sequentialPhase.meanInFlight.toFixed(1),
        `${Math.round(sequentialPhase.latencyP50)}/${Math.round(sequentialPhase.latencyP90)} ms`,
        `${sequentialPhase.clientCpu.toFixed(1)} s`,
        `${sequentialPhase.serverCpu.toFixed(1)} s`,
        sequentialDigest,
      ],
      [
        `sharded (${SHARDS} shards)`,
        parallel.count,
        parallelPages,
        parallelStats.byEndpoint.index,
        seconds(parallelMs),
        (parallelPages / (parallelMs / 1000)).toFixed(1),
        Math.round(parallel.count / (parallelMs / 1000)),
        parallelPhase.meanInFlight.toFixed(1),
        `${Math.round(parallelPhase.latencyP50)}/${Math.round(parallelPhase.latencyP90)} ms`,
        `${parallelPhase.clientCpu.toFixed(1)} s`,
        `${parallelPhase.serverCpu.toFixed(1)} s`,
        parallelDigest,
      ],
      ['dataset feed', truth.count, '', '', '', '', '', '', '', '', '', truth.digest],
    ].map((row) => row.map(String));
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
    console.log(`splits: ${maxShardId + 1 - SHARDS} (shard ids up to ${maxShardId}); max requests in flight at the server: ${parallelStats.maxInFlight}; final plan: ${finalShards} shard(s)`);
    console.log(`speedup: ${speedup.toFixed(1)}x (target >= ${TARGET_SPEEDUP}x); ideal at ${LATENCY_MS} ms per page: ${(sequentialPages / Math.ceil(sequentialPages / SHARDS)).toFixed(1)}x; load average at the end: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);

    const identical = sequentialDigest === parallelDigest && sequential.count === parallel.count && parallelDigest === truth.digest && truth.count === parallel.count;
    console.log(`entries identical (sequential = sharded = dataset, in (micros, ordinal) order): ${identical ? 'yes' : 'NO'}`);
    console.log(`${speedup >= TARGET_SPEEDUP && identical ? 'PASS' : 'FAIL'}: speedup ${speedup.toFixed(1)}x vs target ${TARGET_SPEEDUP}x`);
    if (!identical) process.exitCode = 1;
  } finally {
    await sequentialPool.close();
    await parallelPool.close();
    await registry.close();
  }
}

await main();
