export { readStatus } from './commands/status.js';
export type { StateStatus } from './commands/status.js';
export { UsageError } from './errors/UsageError.js';
export { main } from './main.js';
export type { MainOptions } from './main.js';
