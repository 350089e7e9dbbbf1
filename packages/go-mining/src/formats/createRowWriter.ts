import type { Writable } from 'node:stream';
import type { RowWriter } from './ExportRow.js';
import type { OutputFormat } from './OutputFormat.js';
import { extendedCsvFormat } from './extendedCsvFormat.js';
import { jsonlFormat } from './jsonlFormat.js';
import { originalCsvFormat } from './originalCsvFormat.js';

export function createRowWriter(format: OutputFormat, destination: Writable, options: { endDestination: boolean }): RowWriter {
  switch (format) {
    case 'csv':
      return originalCsvFormat(destination, options);
    case 'extended':
      return extendedCsvFormat(destination, options);
    case 'jsonl':
      return jsonlFormat(destination, options);
  }
}
