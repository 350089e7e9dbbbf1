/** The machine-readable answer: what `resolve --json` prints, each batch line holds, and the service returns. */
import type { Resolution } from '@registry-miners/crates-resolution';

export interface ResolutionJson {
  commit: string;
  /** RFC 3339 in UTC, without milliseconds when there are none. */
  time: string;
  found: number;
  total: number;
  missing: { name: string; version: string }[];
}

export function resolutionJson(resolution: Resolution): ResolutionJson {
  return {
    commit: resolution.commit,
    time: rfc3339Utc(resolution.time),
    found: resolution.found,
    total: resolution.total,
    missing: resolution.missing.map(({ name, version }) => ({ name, version })),
  };
}

export function rfc3339Utc(time: Date): string {
  return time.toISOString().replace('.000Z', 'Z');
}
