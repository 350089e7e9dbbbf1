export { main } from './main.js';
export { CliError, ExitCode, exitCodeOf } from './CliError.js';
export type { CliErrorCode } from './CliError.js';
export { UsageError } from './UsageError.js';
export { createResolveServer } from './server/createResolveServer.js';
export type { ResolveServiceOptions } from './server/createResolveServer.js';
