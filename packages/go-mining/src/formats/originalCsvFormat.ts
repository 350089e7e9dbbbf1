import type { Writable } from 'node:stream';
import { originUrl } from './ExportRow.js';
import type { RowWriter } from './ExportRow.js';
import { csvRowWriter } from './csvRowWriter.js';
import { safeCell } from './safeCell.js';

/** The original tool's header, kept byte for byte so its users can switch. */
export const ORIGINAL_CSV_HEADERS = ['ID', 'Platform', 'Name', 'Homepage URL', 'Repository URL'] as const;

/** The original's placeholder for "no repository URL". */
export const NO_URL = 'nan';

/**
 * `csv`: ID, `Go`, module path, and the repository URL (or `nan`) twice: the Origin URL by default, or
 * the first answer of `--repository-sources`. Cells from remotes go through {@link safeCell}.
 */
export function originalCsvFormat(destination: Writable, options: { endDestination: boolean }): RowWriter {
  return csvRowWriter(
    destination,
    ORIGINAL_CSV_HEADERS,
    (row) => {
      const url = safeCell(originUrl(row) ?? NO_URL);
      return [String(row.id), 'Go', safeCell(row.path), url, url];
    },
    options,
  );
}
