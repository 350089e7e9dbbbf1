import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { rowReason, rowStatus } from './ExportRow.js';
import type { ExportRow, RowWriter } from './ExportRow.js';

/** One `jsonl` line. Absent values are omitted; `origin` is null unless the lookup found one. */
export interface JsonlRow {
  id: number;
  path: string;
  version: string;
  timestamp: string;
  status: string;
  origin: { vcs?: string; url: string; subdir?: string; hash?: string; ref?: string } | null;
  /** The version whose proxy metadata answered, when it is not `version`. */
  originVersion?: string;
  reason?: string;
}

export function toJsonlRow(exported: ExportRow): JsonlRow {
  const { lookup } = exported;
  const row: JsonlRow = {
    id: exported.id,
    path: exported.path,
    version: exported.index[2],
    timestamp: exported.index[3],
    status: rowStatus(exported),
    origin: null,
  };
  if (lookup?.status === 'found' && lookup.url) {
    const origin: Partial<NonNullable<JsonlRow['origin']>> = {};
    if (lookup.vcs) origin.vcs = lookup.vcs;
    origin.url = lookup.url;
    if (lookup.subdir) origin.subdir = lookup.subdir;
    if (lookup.hash) origin.hash = lookup.hash;
    if (lookup.ref) origin.ref = lookup.ref;
    row.origin = origin as NonNullable<JsonlRow['origin']>;
  }
  if (lookup?.version && lookup.version !== exported.index[2]) row.originVersion = lookup.version;
  const reason = rowReason(exported);
  if (reason) row.reason = reason;
  return row;
}

/** `jsonl`: one {@link JsonlRow} per line. */
export function jsonlFormat(destination: Writable, options: { endDestination: boolean }): RowWriter {
  let failure: unknown;
  destination.on('error', (error) => {
    failure = error;
  });
  return {
    write(row) {
      if (failure) throw failure;
      if (!destination.write(`${JSON.stringify(toJsonlRow(row))}\n`)) return once(destination, 'drain').then(() => undefined);
      return undefined;
    },
    async end() {
      if (failure) throw failure;
      if (options.endDestination) {
        destination.end();
        await once(destination, 'finish');
      } else if (destination.writableNeedDrain) {
        await once(destination, 'drain');
      }
    },
  };
}
