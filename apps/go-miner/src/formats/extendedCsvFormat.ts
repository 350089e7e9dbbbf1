import type { Writable } from 'node:stream';
import { rowReason, rowStatus } from './ExportRow.js';
import type { RowWriter } from './ExportRow.js';
import { csvRowWriter } from './csvRowWriter.js';

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
] as const;

/**
 * `extended`: ID, module path, newest version in the index and its index timestamp, lookup status
 * (`found`, `no-origin`, `not-found`, `failed`, `pending`), the Origin fields, and the reason for
 * `failed` / `not-found` rows. Empty cells for absent values.
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
        row.index[2],
        row.index[3],
        rowStatus(row),
        (found && lookup.vcs) || '',
        (found && lookup.url) || '',
        (found && lookup.subdir) || '',
        (found && lookup.hash) || '',
        (found && lookup.ref) || '',
        rowReason(row),
      ];
    },
    options,
  );
}
