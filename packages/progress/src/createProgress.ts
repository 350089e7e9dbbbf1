import { LogProgress } from './LogProgress.js';
import type { ProgressReporter } from './ProgressReporter.js';
import { SilentProgress } from './SilentProgress.js';
import { TtyProgress } from './TtyProgress.js';

/** `auto`: bars when stderr is a terminal, else a periodic log line. */
export type ProgressMode = 'auto' | 'bars' | 'log' | 'none';

export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'bars', 'log', 'none'];

export function createProgress(mode: ProgressMode, intervalMs: number): ProgressReporter {
  const resolved = mode === 'auto' ? (process.stderr.isTTY ? 'bars' : 'log') : mode;
  switch (resolved) {
    case 'bars':
      return new TtyProgress(process.stderr);
    case 'log':
      return new LogProgress({ intervalMs });
    case 'none':
      return new SilentProgress();
  }
}
