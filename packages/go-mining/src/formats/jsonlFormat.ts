import type { Writable } from 'node:stream';
import { ChunkedTextWriter } from './ChunkedTextWriter.js';
import { rowReason, rowStatus } from './ExportRow.js';
import type { ExportRow, RowWriter } from './ExportRow.js';
import type { RowRepositorySource } from './repositoryOf.js';
import { newestTimestampOf, newestVersionOf } from '../state/IndexRecord.js';
import { escapeLineSeparators, singleLine } from './safeCell.js';

/**
 * One `jsonl` line. Absent values are omitted; `origin` is null unless the lookup found one (its
 * `url` as the proxy sent it, even when refused: then `reason` says so). Strings are on one line
 * (control characters escaped visibly), and U+2028/U+2029 are escaped in the JSON text.
 */
export interface JsonlRow {
  id: number;
  path: string;
  version: string;
  timestamp: string;
  status: string;
  origin: { vcs?: string; url: string; subdir?: string; hash?: string; ref?: string } | null;
  /** The version whose proxy metadata answered, when it is not `version`. */
  originVersion?: string;
  /** Where `repositoryUrl` came from: `origin`, `hosts`, `go-get`, or `none`. */
  repositorySource: RowRepositorySource;
  /** The repository URL written in the csv (a URL with a scheme and host), when there is one. */
  repositoryUrl?: string;
  reason?: string;
}

export function toJsonlRow(exported: ExportRow): JsonlRow {
  const { lookup } = exported;
  const row: JsonlRow = {
    id: exported.id,
    path: exported.path,
    version: newestVersionOf(exported.index!),
    timestamp: newestTimestampOf(exported.index!),
    status: rowStatus(exported),
    origin: null,
    repositorySource: exported.repository.source,
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
  if (lookup?.version && lookup.version !== newestVersionOf(exported.index!)) row.originVersion = lookup.version;
  if (exported.repository.url !== undefined) row.repositoryUrl = exported.repository.url;
  const reason = rowReason(exported);
  if (reason) row.reason = reason;
  return row;
}

/** JSON.stringify replacer: every string value on one line. */
function oneLineStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? singleLine(value) : value;
}

/** `jsonl`: one {@link JsonlRow} per line. */
export function jsonlFormat(destination: Writable, options: { endDestination: boolean }): RowWriter {
  const text = new ChunkedTextWriter(destination, options.endDestination);
  return {
    write: (row) => text.write(`${escapeLineSeparators(JSON.stringify(toJsonlRow(row), oneLineStrings))}\n`),
    end: () => text.end(),
  };
}
