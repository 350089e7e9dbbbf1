export { UsageError } from './errors/UsageError.js';
export { main } from './main.js';
export type { MainOptions } from './main.js';
