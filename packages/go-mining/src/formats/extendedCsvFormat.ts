import type { Writable } from 'node:stream';
import { rowReason, rowStatus } from './ExportRow.js';
import type { RowWriter } from './ExportRow.js';
import { csvRowWriter } from './csvRowWriter.js';
import { safeCell } from './safeCell.js';
import { newestTimestampOf, newestVersionOf } from '../state/IndexRecord.js';

export const EXTENDED_CSV_HEADERS = [
  'ID',
  'Name',
  'Version',
  'Timestamp',
  'Status',
  'VCS',
  'Repository URL',
  'Subdir',
  'Hash',
  'Ref',
  'Reason',
  // Appended last so that readers of the earlier columns by position keep working.
  'Repository Source',
] as const;

/**
 * `extended`: ID, module path, newest version in the index and its index timestamp, lookup status
 * (`found`, `no-origin`, `not-found`, `failed`, `pending`), the Origin fields with the repository URL
 * written and where it came from (`origin`, `hosts`, `go-get`, `none`), and the reason for `failed` /
 * `not-found` rows, a refused Origin URL (kept there, raw) or a fruitless go-get. Empty cells for
 * absent values; every cell through {@link safeCell}.
 */
export function extendedCsvFormat(destination: Writable, options: { endDestination: boolean }): RowWriter {
  return csvRowWriter(
    destination,
    EXTENDED_CSV_HEADERS,
    (row) => {
      const { lookup } = row;
      const found = lookup?.status === 'found';
      return [
        String(row.id),
        row.path,
        newestVersionOf(row.index!),
        newestTimestampOf(row.index!),
        rowStatus(row),
        (found && lookup.vcs) || '',
        row.repository.url ?? '',
        (found && lookup.subdir) || '',
        (found && lookup.hash) || '',
        (found && lookup.ref) || '',
        rowReason(row),
        row.repository.source,
      ].map(safeCell);
    },
    options,
  );
}
