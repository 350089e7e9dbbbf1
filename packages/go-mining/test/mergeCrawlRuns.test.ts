import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import type { ShardPage } from '@registry-miners/go-index';
import { IndexLines, parseIndexTimestamp } from '@registry-miners/go-index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawlBatch } from '../src/CrawlBatch.js';
import { commitCrawlBatch } from '../src/commitCrawlBatch.js';
import { RECORD_FLAGS } from '../src/CrawlRunFile.js';
import { assignIds } from '../src/assignIds.js';
import { mergeCrawlRuns } from '../src/mergeCrawlRuns.js';
import type { ProgressReporter } from '@registry-miners/progress';
import type { CrawlRuns } from '../src/state/CrawlRuns.js';
import { emptyRuns, removeUncommittedRuns, runsDirectory } from '../src/state/CrawlRuns.js';
import type { IndexRecord } from '../src/state/IndexRecord.js';
import { MinerState } from '../src/state/MinerState.js';
import { goGroundTruth, makeTempDir, preparedGoDataset } from '@registry-miners/testkit';
import type { SyntheticGoDataset } from '@registry-miners/testkit';

/** The small dataset of the go-miner tests: 20k entries, 3k modules. */
const dataset = (): SyntheticGoDataset => preparedGoDataset({ entries: 20_000, modules: 3_000 });
const tempDir = (): Promise<{ dir: string; cleanup: () => Promise<void> }> => makeTempDir('go-mining-test-');

type Entry = ShardPage['entries'][number];

/** The default feed of the small dataset as index entries, with their ordinals within runs of equal instants. */
function feed(): Entry[] {
  const entries: Entry[] = [];
  let previous = -1n;
  let ordinal = 0;
  for (const e of dataset().feed()) {
    const micros = parseIndexTimestamp(e.timestamp);
    ordinal = micros === previous ? ordinal + 1 : 0;
    previous = micros;
    entries.push({ path: e.path, version: e.version, timestamp: e.timestamp, micros, ordinal });
  }
  return entries;
}

/** One record per module straight from the entries: what the merge must produce. */
function expectedRecords(entries: readonly Entry[], generation: number): Map<string, IndexRecord> {
  const records = new Map<string, IndexRecord>();
  for (const e of entries) {
    const micros = Number(e.micros);
    const record = records.get(e.path);
    if (record === undefined) records.set(e.path, [micros, e.ordinal, e.version, e.timestamp, micros, e.ordinal, generation]);
    else [record[2], record[3], record[4], record[5]] = [e.version, e.timestamp, micros, e.ordinal]; // feed order: later is newer
  }
  return records;
}

/** Commits the entries as runs of `pageSize`-entry pages, `pagesPerBatch` pages a run, batches in a shuffled order (as shards deliver). */
async function commitRuns(state: MinerState, entries: readonly Entry[], pageSize: number, pagesPerBatch: number, from?: CrawlRuns): Promise<CrawlRuns> {
  const pages: Entry[][] = [];
  for (let start = 0; start < entries.length; start += pageSize) pages.push(entries.slice(start, start + pageSize));
  // A fixed interleaving: odd pages first, then even ones reversed.
  const order = [...pages.filter((_, i) => i % 2 === 1), ...pages.filter((_, i) => i % 2 === 0).reverse()];
  let runs = from ?? emptyRuns(state.moduleCount() > 0);
  const counters = { pages: 0, entries: 0 };
  for (let start = 0; start < order.length; start += pagesPerBatch) {
    const batch = new CrawlBatch(100_000);
    for (const page of order.slice(start, start + pagesPerBatch)) batch.add({ lines: IndexLines.of(page), shards: [] } as unknown as ShardPage);
    runs = await commitCrawlBatch(state, batch, runs, counters);
  }
  return runs;
}

function storedRecords(state: MinerState): Map<string, IndexRecord> {
  return new Map(state.modules());
}

describe('mergeCrawlRuns', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const entries = feed();
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => {
    await cleanup();
  });

  it('reduces runs delivered in any order to one record per module, equal to the feed\'s own reduction', async () => {
    const state = MinerState.open(join(dir, 'once'));
    try {
      const runs = await commitRuns(state, entries, 500, 7);
      expect(runs.runs.length).toBeGreaterThan(4);
      const merged = mergeCrawlRuns(state, runs)!;
      const expected = expectedRecords(entries, 1);
      expect(merged.newModules).toBe(expected.size);
      expect(storedRecords(state)).toEqual(new Map([...expected].sort(([a], [b]) => (a < b ? -1 : 1))));
    } finally {
      state.close();
    }
  });

  it('resumes a merge stopped after any chunk (a restart each time) with the same result', async () => {
    const path = join(dir, 'stopped');
    let state = MinerState.open(path);
    let runs = await commitRuns(state, entries, 500, 7);
    // An uncommitted run file, as a process killed between its write and its commit leaves: removed.
    const stray = join(runsDirectory(path), 'run-99999999.bin');
    writeFileSync(stray, 'github.com/x/y\t1\t0\t1\t0\tv1.0.0\t1970-01-01T00:00:00.000001Z\n');
    removeUncommittedRuns(path, runs.runs);
    expect(readdirSync(runsDirectory(path))).toEqual(runs.runs);
    let restarts = 0;
    for (;;) {
      const stop = new AbortController();
      stop.abort(); // stop after the first chunk
      const merged = mergeCrawlRuns(state, runs, { chunkSize: 400, signal: stop.signal });
      if (merged !== undefined) break;
      restarts++;
      state.close();
      state = MinerState.open(path);
      runs = state.crawlRuns()!;
    }
    const once = MinerState.open(join(dir, 'once'), { readonly: true });
    try {
      expect(restarts).toBeGreaterThan(3);
      expect(storedRecords(state)).toEqual(storedRecords(once));
    } finally {
      once.close();
      state.close();
    }
  });

  it('combines a refresh run with the stored records, writing and counting only new and changed modules', async () => {
    const state = MinerState.open(join(dir, 'refresh'));
    try {
      const cut = 15_000;
      const first = mergeCrawlRuns(state, await commitRuns(state, entries.slice(0, cut), 500, 7))!;
      const refresh = await commitRuns(state, entries.slice(cut), 500, 3);
      expect(refresh.hadModules).toBe(true);
      const second = mergeCrawlRuns(state, refresh)!;
      const before = expectedRecords(entries.slice(0, cut), 1);
      const after = expectedRecords(entries, 1);
      let changed = 0;
      for (const [path, record] of after) if (before.has(path) && before.get(path)![2] !== record[2]) changed++;
      expect(second.newModules).toBe(after.size - before.size);
      expect(second.changedModules).toBe(changed);
      expect(first.newModules + second.newModules).toBe(after.size);
      expect(storedRecords(state).size).toBe(after.size);
      for (const [path, record] of storedRecords(state)) expect(record.slice(0, 6)).toEqual(after.get(path)!.slice(0, 6));
    } finally {
      state.close();
    }
  });
  it('keeps apart paths of equal length and hash in a reduction, and grows its byte arenas past their first size', async () => {
    // The merge's reduction finds paths by FNV-1a: two paths of one length with the same hash must stay two modules.
    const fnv1a = (text: string): number => {
      let hash = 0x811c9dc5 | 0;
      for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
      return hash;
    };
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let index = 0; pair === undefined; index++) {
      const path = `example.com/collide/m${String(index).padStart(7, '0')}`;
      const other = seen.get(fnv1a(path));
      if (other !== undefined) pair = [other, path];
      else seen.set(fnv1a(path), path);
    }
    // 30,000 modules of 60-byte paths (1.8 MB of paths) with three versions each (3.6 MB of version tails),
    // in a single partition (no bounds), so that one reduction holds them all.
    const paths = [...pair, ...Array.from({ length: 30_000 }, (_, index) => `example.com/a-rather-long-organisation-name/repository-${String(index).padStart(6, '0')}`)];
    const many: Entry[] = [];
    let micros = 1_600_000_000_000_000n;
    for (const minor of [0, 1, 2]) {
      for (const path of paths) {
        micros += 1000n;
        many.push({ path, version: `v1.${minor}.0-20200101000000-abcdefabcdef`, timestamp: new Date(Number(micros / 1000n)).toISOString(), micros, ordinal: 0 });
      }
    }
    const state = MinerState.open(join(dir, 'arenas'));
    try {
      mergeCrawlRuns(state, await commitRuns(state, many, 2000, 100, { ...emptyRuns(false), bounds: [] }))!;
      const stored = storedRecords(state);
      expect(stored.size).toBe(paths.length);
      expect(stored.get(pair[0])).toEqual(expectedRecords(many, 1).get(pair[0]));
      expect(stored).toEqual(new Map([...expectedRecords(many, 1)].sort(([a], [b]) => (a < b ? -1 : 1))));
    } finally {
      state.close();
    }
  });

  it('takes a page whole when it is larger than the room left in the batch (an index ignoring the limit)', async () => {
    let micros = 1_600_000_000_000_000n;
    const page: Entry[] = Array.from({ length: 1000 }, (_, index) => {
      micros += 1000n;
      return { path: `example.com/m/${index}`, version: 'v1.0.0', timestamp: new Date(Number(micros / 1000n)).toISOString(), micros, ordinal: 0 };
    });
    const batch = new CrawlBatch(8);
    batch.add({ lines: IndexLines.of(page.slice(0, 5)), shards: [] } as unknown as ShardPage);
    batch.add({ lines: IndexLines.of(page.slice(5)), shards: [] } as unknown as ShardPage);
    expect(batch.count).toBe(1000);
    const state = MinerState.open(join(dir, 'grown'));
    try {
      mergeCrawlRuns(state, await commitCrawlBatch(state, batch, emptyRuns(false), { pages: 0, entries: 0 }))!;
      expect(storedRecords(state)).toEqual(new Map([...expectedRecords(page, 1)].sort(([a], [b]) => (a < b ? -1 : 1))));
    } finally {
      state.close();
    }
  });

  it('writes a record per entry, canonical timestamps left out, and still reads runs of the previous layouts', async () => {
    // Two modules: one seen once with a canonical timestamp, one seen twice with an offset (2019's form).
    const entry = (path: string, version: string, timestamp: string): Entry => ({ path, version, timestamp, micros: parseIndexTimestamp(timestamp), ordinal: 0 });
    const once = entry('example.com/once', 'v1.0.0', '2020-01-02T03:04:05.5Z');
    const twice = [entry('example.com/twice', 'v0.1.0', '2019-05-01T10:00:00.25-07:00'), entry('example.com/twice', 'v0.2.0', '2019-05-02T10:00:00-07:00')];
    const expected = new Map([...expectedRecords([...twice, once], 1)].sort(([a], [b]) => (a < b ? -1 : 1)));

    const path = join(dir, 'layout-v4');
    const state = MinerState.open(path);
    try {
      const runs = await commitRuns(state, [...twice, once], 10, 1);
      const file = readFileSync(join(runsDirectory(path), runs.runs[0]!));
      expect(file.toString('latin1', 0, 8)).toBe('GMRUN4\n\0');
      const offsets = Array.from({ length: runs.bounds!.length + 2 }, (_, i) => file.readDoubleLE(12 + 8 * i));
      const partitions: Buffer[] = [];
      for (let p = 0; p + 1 < offsets.length; p++) partitions.push(offsets[p + 1]! > offsets[p]! ? brotliDecompressSync(file.subarray(offsets[p], offsets[p + 1])) : Buffer.alloc(0));
      // `once`: length, path, flags, micros (ordinal 0: left out), version. Each entry of `twice` adds its timestamp.
      expect(partitions.reduce((sum, records) => sum + records.length, 0)).toBe(2 + 16 + 1 + 8 + 1 + 6 + (2 + 17 + 1 + 8 + 1 + 6 + 1 + 28) + (2 + 17 + 1 + 8 + 1 + 6 + 1 + 25));
      mergeCrawlRuns(state, runs);
      expect(storedRecords(state)).toEqual(expected);
    } finally {
      state.close();
    }

    // The records of the previous go-miner, which reduced a batch per module: `twice` as one record holding
    // its first position and its newest version's, in one partition, as GMRUN4 (brotli) and GMRUN3 (raw deflate).
    const records = Buffer.alloc(256);
    let end = records.writeUInt16LE(16, 0);
    end += records.write(once.path, end, 'latin1');
    end = records.writeUInt8(RECORD_FLAGS.newestIsFirst | RECORD_FLAGS.canonicalTimestamp | RECORD_FLAGS.firstOrdinalZero | RECORD_FLAGS.newestOrdinalZero, end);
    end = records.writeDoubleLE(Number(once.micros), end);
    end = records.writeUInt8(6, end);
    end += records.write(once.version, end, 'latin1');
    end = records.writeUInt16LE(17, end);
    end += records.write(twice[0]!.path, end, 'latin1');
    end = records.writeUInt8(RECORD_FLAGS.firstOrdinalZero | RECORD_FLAGS.newestOrdinalZero, end);
    end = records.writeDoubleLE(Number(twice[0]!.micros), end);
    end = records.writeDoubleLE(Number(twice[1]!.micros), end);
    end = records.writeUInt8(6, end);
    end += records.write(twice[1]!.version, end, 'latin1');
    end = records.writeUInt8(twice[1]!.timestamp.length, end);
    end += records.write(twice[1]!.timestamp, end, 'latin1');
    for (const [magic, segment] of [
      ['GMRUN4\n\0', brotliCompressSync(records.subarray(0, end))],
      ['GMRUN3\n\0', deflateRawSync(records.subarray(0, end))],
    ] as const) {
      const previousPath = join(dir, `previous-${magic.slice(0, 6)}`);
      const previous = MinerState.open(previousPath);
      try {
        const header = Buffer.alloc(12 + 16);
        header.write(magic, 0, 'latin1');
        header.writeUInt32LE(1, 8);
        header.writeDoubleLE(header.length, 12);
        header.writeDoubleLE(header.length + segment.length, 20);
        mkdirSync(runsDirectory(previousPath), { recursive: true });
        writeFileSync(join(runsDirectory(previousPath), 'run-00000000.bin'), Buffer.concat([header, segment]));
        mergeCrawlRuns(previous, { ...emptyRuns(false), runs: ['run-00000000.bin'], next: 1, bounds: [] });
        expect(storedRecords(previous)).toEqual(expected);
      } finally {
        previous.close();
      }
    }

    // The same records written by the previous go-miner (GMRUN2: every field, no flags, one partition).
    const previousPath = join(dir, 'layout-v2');
    const previous = MinerState.open(previousPath);
    try {
      const bytes = Buffer.alloc(1024);
      bytes.write('GMRUN2\n\0', 0, 'latin1');
      bytes.writeUInt32LE(1, 8);
      let at = 8 + 4 + 16;
      bytes.writeDoubleLE(at, 12);
      for (const [first, newest] of [[once, once], [twice[0]!, twice[1]!]]) {
        bytes.writeUInt16LE(first!.path.length, at);
        at += 2 + bytes.write(first!.path, at + 2, 'latin1');
        bytes.writeDoubleLE(Number(first!.micros), at);
        bytes.writeUInt32LE(first!.ordinal, at + 8);
        bytes.writeDoubleLE(Number(newest!.micros), at + 12);
        bytes.writeUInt32LE(newest!.ordinal, at + 20);
        bytes[at + 24] = newest!.version.length;
        at += 25 + bytes.write(newest!.version, at + 25, 'latin1');
        bytes[at] = newest!.timestamp.length;
        at += 1 + bytes.write(newest!.timestamp, at + 1, 'latin1');
      }
      bytes.writeDoubleLE(at, 20);
      mkdirSync(runsDirectory(previousPath), { recursive: true });
      writeFileSync(join(runsDirectory(previousPath), 'run-00000000.bin'), bytes.subarray(0, at));
      mergeCrawlRuns(previous, { ...emptyRuns(false), runs: ['run-00000000.bin'], next: 1, bounds: [] });
      expect(storedRecords(previous)).toEqual(expected);
    } finally {
      previous.close();
    }
  });

  it('refuses a damaged run file and the text runs of an older go-miner, with a hint, writing nothing', async () => {
    const path = join(dir, 'damaged');
    const state = MinerState.open(path);
    try {
      const runs = await commitRuns(state, entries.slice(0, 6000), 500, 4);
      const file = join(runsDirectory(path), runs.runs[1]!);
      truncateSync(file, statSync(file).size - 3);
      expect(() => mergeCrawlRuns(state, runs)).toThrow(expect.objectContaining({ code: 'ERR_STATE_CORRUPT', message: expect.stringContaining('length') }));
      // A compressed segment overwritten in place (the file keeps its length).
      const other = join(runsDirectory(path), runs.runs[0]!);
      const bytes = readFileSync(other);
      bytes.fill(0xff, 8 + 4 + 8 * (runs.bounds!.length + 2));
      writeFileSync(other, bytes);
      truncateSync(file, 0);
      expect(() => mergeCrawlRuns(state, { ...runs, runs: [runs.runs[0]!] })).toThrow(
        expect.objectContaining({ code: 'ERR_STATE_CORRUPT', message: expect.stringContaining('does not decompress') }),
      );
      const older: CrawlRuns = { ...runs, bounds: null };
      expect(() => mergeCrawlRuns(state, older)).toThrow(expect.objectContaining({ code: 'ERR_STATE_CORRUPT', hint: expect.stringContaining('fresh --state-dir') }));
      await expect(commitRuns(state, entries.slice(0, 500), 500, 1, older)).rejects.toThrow(expect.objectContaining({ code: 'ERR_STATE_CORRUPT' }));
      expect(state.moduleCount()).toBe(0);
    } finally {
      state.close();
    }
  });
});

describe('assignIds', () => {
  it('numbers modules by first appearance in windows, resumes after an interruption, and numbers a refresh\'s new modules after the old ones', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'ids');
    const entries = feed();
    const cut = 12_000;
    let state = MinerState.open(path);
    try {
      mergeCrawlRuns(state, await commitRuns(state, entries.slice(0, cut), 500, 7));
      state.completeCrawl();
      // Stop after the first window's first load, as a signal would; then restart the process.
      const stop = new AbortController();
      const progress: ProgressReporter = { update: (task, done) => task === 'ids' && done > 0 && stop.abort(), note() {}, finish() {}, log() {}, close() {} };
      const partial = assignIds(state, { windowSize: 700, progress, signal: stop.signal });
      expect(partial.assigned).toBe(700);
      state.close();
      state = MinerState.open(path);
      const rest = assignIds(state, { windowSize: 700 });
      expect(rest.firstId).toBe(701);
      // A refresh: the rest of the feed; its new modules get the next IDs.
      mergeCrawlRuns(state, await commitRuns(state, entries.slice(cut), 500, 3));
      const refresh = assignIds(state, { windowSize: 1000 });
      expect(refresh.firstId).toBe(rest.lastId + 1);
      const ids = [...state.modulesById()].map(([, modulePath]) => modulePath);
      expect(ids).toEqual([...goGroundTruth(dataset())].map((row) => row.path));
      expect(state.idsPending()).toBe(false);
    } finally {
      state.close();
      await cleanup();
    }
  });
});
