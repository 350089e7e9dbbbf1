import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { GoFeedView } from './GoIndexEntry.js';
import type { SyntheticGoDataset } from './SyntheticGoDataset.js';

/** Outcome of the go-miner's lookup for one module. */
export type GoGroundTruthStatus = 'found' | 'no-origin' | 'not-found';

/** One row of the output a correct go-miner produces for a {@link SyntheticGoDataset}. */
export interface GoGroundTruthRow {
  /** 1-based, in order of first appearance in the feed. */
  readonly id: number;
  readonly path: string;
  /** The module's newest version in the feed (its last appearance; versions only grow). */
  readonly newestVersion: string;
  /** The `Timestamp` of that entry, as the index writes it. */
  readonly newestTimestamp: string;
  /** `Origin.URL` found by `.info` of the newest version, else by `@latest`; `null` when neither has one. */
  readonly url: string | null;
  /**
   * `found`: a URL; `no-origin`: the proxy answered 200 at least once but never with an `Origin`;
   * `not-found`: every answer was 404/410.
   */
  readonly status: GoGroundTruthStatus;
}

/** The CSV header of the original tool, kept by the go-miner. */
export const GO_CSV_HEADER = 'ID,Platform,Name,Homepage URL,Repository URL';

/** The go-miner's procedure for one module: `.info` of the newest version, then `@latest`. */
function lookUp(dataset: SyntheticGoDataset, m: number, newest: number): { url: string | null; status: GoGroundTruthStatus } {
  const info = dataset.proxyOutcome(m, newest);
  if (info.originUrl !== undefined) return { url: info.originUrl, status: 'found' };
  const latest = dataset.proxyOutcome(m);
  if (latest.originUrl !== undefined) return { url: latest.originUrl, status: 'found' };
  return { url: null, status: info.status === 200 || latest.status === 200 ? 'no-origin' : 'not-found' };
}

/**
 * The rows a correct go-miner must produce for the default feed (or, with `includeAll`, for the
 * `include=all` feed), in ID order. Computed from the same answers the fake proxy serves, without
 * faults. Streams: safe for millions of modules.
 */
export function* goGroundTruth(dataset: SyntheticGoDataset, view: GoFeedView = {}): IterableIterator<GoGroundTruthRow> {
  let id = 0;
  for (const m of dataset.modulesInOrder(view)) {
    const newest = dataset.newestEntryOf(m, view);
    id += 1;
    yield {
      id,
      path: dataset.modulePath(m),
      newestVersion: dataset.versionOfEntry(newest),
      newestTimestamp: dataset.timestamp(newest),
      ...lookUp(dataset, m, newest),
    };
  }
}

/** Counts of the ground truth by status. */
export function goGroundTruthCounts(
  dataset: SyntheticGoDataset,
  view: GoFeedView = {},
): { rows: number; found: number; noOrigin: number; notFound: number } {
  const counts = { rows: 0, found: 0, noOrigin: 0, notFound: 0 };
  for (const row of goGroundTruth(dataset, view)) {
    counts.rows += 1;
    if (row.status === 'found') counts.found += 1;
    else if (row.status === 'no-origin') counts.noOrigin += 1;
    else counts.notFound += 1;
  }
  return counts;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** One CSV line (with its `\n`) of a ground-truth row: `ID,Go,path,url,url` with `nan` for no URL. */
export function goCsvLine(row: GoGroundTruthRow): string {
  const url = row.url === null ? 'nan' : csvField(row.url);
  return `${row.id},Go,${csvField(row.path)},${url},${url}\n`;
}

/** The exact CSV (header included, `\n` line ends) a correct go-miner writes. For small datasets. */
export function goGroundTruthCsv(dataset: SyntheticGoDataset, view: GoFeedView = {}): string {
  let out = GO_CSV_HEADER + '\n';
  for (const row of goGroundTruth(dataset, view)) out += goCsvLine(row);
  return out;
}

/** Streams the ground-truth CSV to a file; resolves with the number of data rows. */
export async function writeGoGroundTruthCsv(dataset: SyntheticGoDataset, file: string, view: GoFeedView = {}): Promise<number> {
  const stream = createWriteStream(file);
  let rows = 0;
  let chunk = GO_CSV_HEADER + '\n';
  try {
    for (const row of goGroundTruth(dataset, view)) {
      chunk += goCsvLine(row);
      rows += 1;
      if (chunk.length >= 1 << 16) {
        if (!stream.write(chunk)) await once(stream, 'drain');
        chunk = '';
      }
    }
    stream.end(chunk);
    await once(stream, 'finish');
  } finally {
    stream.destroy();
  }
  return rows;
}
