import type { Writable } from 'node:stream';
import { debugStop } from './debugStop.js';
import { GoMinerError } from './errors/GoMinerError.js';
import { abortError } from './errors/abortError.js';
import { isReaderGone, openOutput } from './openOutput.js';
import { exportRow } from './formats/ExportRow.js';
import { ROW_REPOSITORY_SOURCES } from './formats/repositoryOf.js';
import type { RowRepositorySource } from './formats/repositoryOf.js';
import { createRowWriter } from './formats/createRowWriter.js';
import type { OutputFormat } from './formats/OutputFormat.js';
import type { ProgressReporter } from '@registry-miners/progress';
import type { MinerState } from './state/MinerState.js';

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
 * format. Never holds the rows in memory. A file is written as `<out>.<pid>.tmp` beside the target,
 * flushed to disk, and renamed over it: readers see the old file or the complete new one. Through a
 * symlink, the file it points at is replaced; a FIFO or device is written straight (see openOutput).
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
    progress?.update('export', 0, total);
    let page: string[] = [];
    let ids: number[] = [];
    // The csv format shows no index fact: its rows cost one point read (the lookup) instead of two.
    const readsIndex = format !== 'csv';
    const writePage = async (): Promise<void> => {
      const records = readsIndex ? state.indexRecords(page) : undefined;
      const lookups = state.lookupRecords(page);
      for (let index = 0; index < page.length; index++) {
        const path = page[index]!;
        const record = records?.get(path);
        if (records && !record) {
          throw new GoMinerError('ERR_OUTPUT', `State is inconsistent: ID ${ids[index]} names ${path}, which has no module record.`, {
            hint: 'The state directory was modified outside go-miner; start over with a fresh --state-dir.',
          });
        }
        const row = exportRow(ids[index]!, path, record, lookups.get(path));
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
 * Modules without a definitive lookup, from the counters (no scan). Those of an unfinished refresh have no ID
 * yet and are not exported: not counted.
 */
function countUnresolved(state: MinerState): { total: number; failed: number; never: number } {
  const failed = state.lookupCounts().failed;
  const never = Math.max(0, state.moduleCount() - state.lookedUpCount() - (state.idsComplete() ? 0 : state.modulesWithoutId()));
  return { total: failed + never, failed, never };
}
