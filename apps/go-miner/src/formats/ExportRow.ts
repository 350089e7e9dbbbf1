import type { IndexRecord } from '../state/IndexRecord.js';
import type { LookupRecord } from '../state/LookupRecord.js';

/** One module, in ID order, as the export phase hands it to a format. */
export interface ExportRow {
  id: number;
  path: string;
  index: IndexRecord;
  lookup: LookupRecord | undefined;
}

/** Writes rows of one output format to a stream; `end()` resolves once everything reached the destination. */
export interface RowWriter {
  /** Resolves when the writer can take more (backpressure). */
  write(row: ExportRow): Promise<void> | undefined;
  end(): Promise<void>;
}

/** The row status shown by `extended` and `jsonl`: a lookup status, or `pending` when none ran yet. */
export function rowStatus(row: ExportRow): string {
  return row.lookup?.status ?? 'pending';
}

/** The repository URL of a definitive lookup, if any. */
export function originUrl(row: ExportRow): string | undefined {
  const lookup = row.lookup;
  return lookup?.status === 'found' && lookup.url ? lookup.url : undefined;
}

/** Why a row has no repository URL when that is not a fact about the module (failed, or never looked up). */
export function rowReason(row: ExportRow): string {
  const lookup = row.lookup;
  if (!lookup) return 'not looked up yet';
  if (lookup.status === 'failed' || lookup.status === 'rejected') return lookup.code ? `${lookup.code}: ${lookup.reason ?? ''}` : (lookup.reason ?? '');
  if (lookup.status === 'not-found') return `HTTP ${lookup.httpStatus ?? '?'}: ${lookup.reason ?? ''}`.trim();
  return '';
}
