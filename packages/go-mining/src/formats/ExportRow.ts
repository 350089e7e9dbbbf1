import type { IndexRecord } from '../state/IndexRecord.js';
import type { LookupRecord } from '../state/LookupRecord.js';
import { repositoryOf } from './repositoryOf.js';
import type { RowRepository } from './repositoryOf.js';

/** One module, in ID order, as the export phase hands it to a format. */
export interface ExportRow {
  id: number;
  path: string;
  /** The module's index record; `undefined` for the csv format, which shows none (and does not read it). */
  index: IndexRecord | undefined;
  /** The module's lookup record; `undefined` for a csv row whose repository came from the RepositoryTable (csv shows none). */
  lookup: LookupRecord | undefined;
  /** The repository to write, from the first source that gave a valid URL. */
  repository: RowRepository;
}

/** Builds the row of one module; its repository is the lookup's unless already known. */
export function exportRow(
  id: number,
  path: string,
  index: IndexRecord | undefined,
  lookup: LookupRecord | undefined,
  repository: RowRepository = repositoryOf(lookup),
): ExportRow {
  return { id, path, index, lookup, repository };
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

/** The repository URL written for the row, if any. */
export function originUrl(row: ExportRow): string | undefined {
  return row.repository.url;
}

/**
 * Why a row has no repository URL when that is not a fact about the module (failed, or never looked
 * up), why the proxy's Origin URL was refused, and why go-get found nothing.
 */
export function rowReason(row: ExportRow): string {
  const lookup = row.lookup;
  if (!lookup) return 'not looked up yet';
  const reasons: string[] = [];
  if (lookup.status === 'failed' || lookup.status === 'rejected') reasons.push(lookup.code ? `${lookup.code}: ${lookup.reason ?? ''}` : (lookup.reason ?? ''));
  if (lookup.status === 'not-found') reasons.push(`HTTP ${lookup.httpStatus ?? '?'}: ${lookup.reason ?? ''}`.trim());
  if (row.repository.invalidOriginUrl !== undefined) {
    reasons.push(`invalid Origin.URL (not a URL with a scheme and host): ${JSON.stringify(row.repository.invalidOriginUrl.slice(0, 300))}`);
  }
  if (row.repository.source === 'none' && lookup.goGet) reasons.push(`go-get: ${lookup.goGet}`);
  return reasons.join('; ');
}
