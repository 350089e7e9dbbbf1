import type { CommandModule } from 'yargs';
import { crawlCommand } from './crawl.js';
import { exportCommand } from './export.js';
import { lookupCommand } from './lookup.js';
import { runCommand } from './run.js';
import { statusCommand } from './status.js';

/** Each command module is typed with its own arguments; yargs takes them as one list. */
type AnyCommand = CommandModule<object, never>;

/** Every go-miner command; `run` is the default. */
export const commands: AnyCommand[] = [
  runCommand as unknown as AnyCommand,
  crawlCommand as unknown as AnyCommand,
  lookupCommand as unknown as AnyCommand,
  exportCommand as unknown as AnyCommand,
  statusCommand as unknown as AnyCommand,
];
