import type { Writable } from 'node:stream';
import { ChunkedTextWriter } from './ChunkedTextWriter.js';
import { csvLine } from './csvLine.js';
import type { ExportRow, RowWriter } from './ExportRow.js';

/**
 * A RowWriter of CSV lines (see csvLine), byte for byte what fast-csv wrote with `includeEndRowDelimiter`:
 * the header comes with the first row, and an export without rows is a single line end.
 */
export function csvRowWriter(
  destination: Writable,
  headers: readonly string[],
  toCells: (row: ExportRow) => string[],
  options: { endDestination: boolean },
): RowWriter {
  const text = new ChunkedTextWriter(destination, options.endDestination);
  let rows = 0;
  return {
    write(row) {
      const line = csvLine(toCells(row));
      return text.write(rows++ === 0 ? csvLine(headers) + line : line);
    },
    async end() {
      if (rows === 0) text.write('\n');
      await text.end();
    },
  };
}
