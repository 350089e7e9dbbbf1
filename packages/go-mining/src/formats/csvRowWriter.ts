import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { format } from 'fast-csv';
import type { ExportRow, RowWriter } from './ExportRow.js';

/** A RowWriter that formats rows through fast-csv (minimal quoting, `\n` line ends, trailing newline). */
export function csvRowWriter(
  destination: Writable,
  headers: readonly string[],
  toCells: (row: ExportRow) => string[],
  options: { endDestination: boolean },
): RowWriter {
  const csv = format<string[], string[]>({ headers: [...headers], includeEndRowDelimiter: true, rowDelimiter: '\n' });
  const done = pipeline(csv, destination, { end: options.endDestination });
  // Surface pipeline errors on the next write instead of as an unhandled rejection.
  let failure: unknown;
  done.catch((error: unknown) => {
    failure = error;
  });
  return {
    write(row) {
      if (failure) throw failure;
      if (!csv.write(toCells(row))) return once(csv, 'drain').then(() => undefined);
      return undefined;
    },
    async end() {
      csv.end();
      await done;
    },
  };
}
