/**
 * One search over the managed cache, for a process that runs a single resolution (the CLI): unlike
 * the package's entry point, this loads no worker pool and so not nodegit, which the search then
 * loads only if the saved objects miss.
 */
export { resolveWithManager, searchOrder } from './resolveWithManager.js';
export type { ManagedResolution } from './resolveWithManager.js';
