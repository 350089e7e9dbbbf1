import type { SearchEvent } from '@registry-miners/crates-resolution';

/** One log line for `--verbose`. */
export function formatSearchEvent(event: SearchEvent): string {
  const repo = `[repo ${event.repositoryIndex}]`;
  switch (event.type) {
    case 'repository':
      return `${repo} searching ${event.path} (${event.search})`;
    case 'skip':
      return `${repo} skipped: ${event.reason}`;
    case 'probe':
      return `${repo} ${event.phase.padEnd(8)} ${event.commit.slice(0, 12)} ${event.time.toISOString()} ${event.found}/${event.total}`;
    case 'anchor':
      return `${repo} anchor crate first appears at ${event.commit.slice(0, 12)} ${event.time.toISOString()}`;
    case 'repository-done':
      return `${repo} done (${event.outcome}) at ${event.commit.slice(0, 12)} ${event.time.toISOString()}, ${event.objectReads} object reads`;
  }
}
