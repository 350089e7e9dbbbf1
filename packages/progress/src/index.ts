export type { ProgressReporter } from './ProgressReporter.js';
export { createProgress, PROGRESS_MODES } from './createProgress.js';
export type { ProgressMode } from './createProgress.js';
export { LogProgress } from './LogProgress.js';
export { SilentProgress } from './SilentProgress.js';
export { TtyProgress } from './TtyProgress.js';
export { formatCount, formatDuration, formatRate } from './formatFigures.js';
export { logTimestamp } from './LogProgress.js';
