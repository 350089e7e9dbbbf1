import type { Writable } from 'node:stream';
import { debugStop } from './debugStop.js';
import { GoMinerError } from './errors/GoMinerError.js';
import { abortError } from './errors/abortError.js';
import { isReaderGone, openOutput } from './openOutput.js';
import { exportRow } from './formats/ExportRow.js';
import { repositoryOf, ROW_REPOSITORY_SOURCES } from './formats/repositoryOf.js';
import type { RowRepositorySource } from './formats/repositoryOf.js';
import { createRowWriter } from './formats/createRowWriter.js';
import type { OutputFormat } from './formats/OutputFormat.js';
import type { ProgressReporter } from '@registry-miners/progress';
import type { MinerState } from './state/MinerState.js';
import type { LookupRecord } from './state/LookupRecord.js';
import { RepositoryTable } from './RepositoryTable.js';

/**
 * Bytes of entries the csv export's RepositoryTable may take: the 2 million repository URLs of the full
 * index take about 90 MB (and its index 64 MB). Past it, the modules it lacks have their lookup records
 * read one by one.
 */
const REPOSITORY_TABLE_BYTES = 256 * 1024 * 1024;
const NO_LOOKUPS: ReadonlyMap<string, LookupRecord> = new Map();

export interface ExportPhaseOptions {
  state: MinerState;
  /** Output file, or `-` for stdout. The file is written to a temporary name and renamed when complete. */
  out: string;
  /** @default 'csv' */
  format?: OutputFormat;
  /**
   * Write `csv` even when some modules have no definitive lookup (failed after retries, or never looked up):
   * their URLs become `nan` like the original tool's, with a warning. Without it such an export is refused.
   * @default false
   */
  allowFailed?: boolean;
  signal?: AbortSignal;
  progress?: ProgressReporter;
  /** stdout stream for `out: '-'` (tests and embedding). @default process.stdout */
  stdout?: Writable;
  /** Bytes the csv format's table of repositories may take (see RepositoryTable). @default 256 MiB */
  repositoryTableBytes?: number;
}

export interface ExportPhaseResult {
  rows: number;
  /** Rows without a definitive lookup (failed or never looked up). */
  unresolved: number;
  /** The absolute output path, or `-`. */
  out: string;
  format: OutputFormat;
  /** Rows per repository source (`none`: no repository URL written). */
  bySource: Record<RowRepositorySource, number>;
  durationMs: number;
}

/**
 * Streams every module from the store in ID order (`ids` collection, in key pages) through the chosen
 * format. Never holds the rows in memory. The csv format, which shows only a module's repository, joins
 * the `ids` with a RepositoryTable built by one scan of the lookups first (sequential reads, where each
 * row's own lookup record would be a random one); the other formats read each page's records. A file
 * is written as `<out>.<pid>.tmp` beside the target, flushed to disk, and renamed over it: readers see
 * the old file or the complete new one. Through a symlink, the file it points at is replaced; a FIFO or
 * device is written straight (see openOutput).
 */
export async function exportPhase(options: ExportPhaseOptions): Promise<ExportPhaseResult> {
  const { state, out, signal, progress } = options;
  const format = options.format ?? 'csv';
  const started = Date.now();
  if (!state.hasCompleteCrawl()) {
    throw new GoMinerError('ERR_CRAWL_INCOMPLETE', `Nothing to export yet: the index crawl in ${state.dir} is not complete.`, {
      hint: 'Run `go-miner crawl` (or just `go-miner`) to finish it first.',
    });
  }
  if (!state.idsComplete()) {
    progress?.log(
      `note: a refresh of ${state.dir} is unfinished; exporting the last complete crawl ` +
        '(the modules it finds get their IDs when it completes: run `go-miner` again).',
    );
  }
  const unresolved = countUnresolved(state);
  if (unresolved.total > 0 && format === 'csv' && !options.allowFailed) {
    throw new GoMinerError(
      'ERR_EXPORT_UNRESOLVED',
      `${unresolved.total} module(s) have no lookup result (${unresolved.failed} failed after retries, ${unresolved.never} not looked up yet); ` +
        `the csv format would write them as "nan", indistinguishable from "no Origin". Nothing was written.`,
      {
        hint:
          'Run `go-miner lookup` (or `go-miner`) again: it retries them. Or pass --allow-failed to write them as nan anyway, ' +
          'or use --format extended / jsonl, which mark them with a status.',
      },
    );
  }
  const total = state.idCount();
  const output = await openOutput(out, options.stdout);
  const writer = createRowWriter(format, output.stream, { endDestination: output.owned });
  let rows = 0;
  const bySource = Object.fromEntries(ROW_REPOSITORY_SOURCES.map((source) => [source, 0])) as Record<RowRepositorySource, number>;
  try {
    // The csv format shows no index fact, and of the lookup only the repository.
    const csv = format === 'csv';
    const table = csv ? buildRepositoryTable(state, options.repositoryTableBytes ?? REPOSITORY_TABLE_BYTES, progress, signal) : undefined;
    progress?.update('export', 0, total);
    let page: string[] = [];
    let ids: number[] = [];
    const writePage = async (): Promise<void> => {
      const records = csv ? undefined : state.indexRecords(page);
      const repositories = table ? page.map((path) => table.find(path)) : undefined;
      // A complete table answers every module (one it lacks has no repository); otherwise read what it lacks.
      const lookups = !repositories
        ? state.lookupRecords(page)
        : table!.complete
          ? NO_LOOKUPS
          : state.lookupRecords(page.filter((_, index) => repositories[index] === undefined));
      for (let index = 0; index < page.length; index++) {
        const path = page[index]!;
        const record = records?.get(path);
        if (records && !record) {
          throw new GoMinerError('ERR_OUTPUT', `State is inconsistent: ID ${ids[index]} names ${path}, which has no module record.`, {
            hint: 'The state directory was modified outside go-miner; start over with a fresh --state-dir.',
          });
        }
        const lookup = lookups.get(path);
        const row = exportRow(ids[index]!, path, record, lookup, repositories?.[index] ?? repositoryOf(lookup));
        bySource[row.repository.source]++;
        const wait = writer.write(row);
        if (wait) await wait;
        rows++;
        debugStop('export', rows);
      }
      page = [];
      ids = [];
      progress?.update('export', rows, total);
      if (signal?.aborted) throw abortError(signal);
    };
    for (const [id, path] of state.modulesById()) {
      // IDs run 1..total without gaps; a job running beside may add more meanwhile: the export stays at `total`.
      if (id > total) break;
      page.push(path);
      ids.push(id);
      if (page.length >= 1000) await writePage();
    }
    await writePage();
    await writer.end();
    await output.commit();
  } catch (error) {
    await output.discard();
    if (error instanceof GoMinerError) throw error;
    if (signal?.aborted) throw abortError(signal);
    const name = output.name === '-' ? 'stdout' : output.name;
    if (isReaderGone(error)) throw new GoMinerError('ERR_OUTPUT_CLOSED', `The reader of ${name} stopped after ${rows} rows.`, { cause: error });
    throw new GoMinerError('ERR_OUTPUT', `Writing ${name} failed: ${(error as Error).message}`, { cause: error });
  }
  progress?.finish('export');
  if (unresolved.total > 0) {
    progress?.log(
      `warning: ${unresolved.total} module(s) without a lookup result were written ` +
        (format === 'csv' ? 'as nan (--allow-failed)' : 'with status failed/pending') +
        '; run `go-miner lookup` to retry them.',
    );
  }
  return { rows, unresolved: unresolved.total, out: output.name, format, bySource, durationMs: Date.now() - started };
}

/**
 * The repository of every module with one, from a scan of the lookups in key order (see RepositoryTable);
 * it stops early, incomplete, once the table reaches `budgetBytes`.
 */
function buildRepositoryTable(state: MinerState, budgetBytes: number, progress: ProgressReporter | undefined, signal: AbortSignal | undefined): RepositoryTable {
  const total = state.lookedUpCount();
  const table = new RepositoryTable(budgetBytes, total);
  let scanned = 0;
  progress?.update('repositories', 0, total);
  for (const [path, lookup] of state.lookups()) {
    if (!table.add(path, repositoryOf(lookup))) break;
    if (++scanned % 100_000 === 0) {
      progress?.update('repositories', scanned, total);
      if (signal?.aborted) throw abortError(signal);
    }
  }
  progress?.update('repositories', scanned, total);
  progress?.finish('repositories');
  if (!table.complete) progress?.log(`note: the repositories of ${scanned} modules fit in memory; the export reads the others' lookup records one by one.`);
  return table;
}

/**
 * Modules without a definitive lookup, from the counters (no scan). Those of an unfinished refresh have no ID
 * yet and are not exported: not counted.
 */
function countUnresolved(state: MinerState): { total: number; failed: number; never: number } {
  const failed = state.lookupCounts().failed;
  const never = Math.max(0, state.moduleCount() - state.lookedUpCount() - (state.idsComplete() ? 0 : state.modulesWithoutId()));
  return { total: failed + never, failed, never };
}
