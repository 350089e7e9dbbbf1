import type { SearchEvent } from '@registry-miners/crates-resolution';

/** One log line for `--verbose`. */
export function formatSearchEvent(event: SearchEvent): string {
  return Object.entries(event)
    .map(([key, value]) => `${key}=${value instanceof Date ? value.toISOString() : String(value)}`)
    .join(' ');
}
