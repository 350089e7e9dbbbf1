export { main } from './main.js';
export { ExitCode, CliError } from './CliError.js';
export { createResolveServer } from './server/createResolveServer.js';
export type { ResolveServiceOptions } from './server/createResolveServer.js';
export { resolveWithManager, searchOrder } from './resolveWithManager.js';
export type { ManagedResolution } from './resolveWithManager.js';
export { resolutionJson } from './formatResolution.js';
export type { ResolutionJson } from './formatResolution.js';
