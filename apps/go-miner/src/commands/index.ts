import { crawlCommand } from './crawl.js';
import { exportCommand } from './export.js';
import { lookupCommand } from './lookup.js';
import { runCommand } from './run.js';
import { statusCommand } from './status.js';

/** Every go-miner command; `run` is the default. */
export const commands = [runCommand, crawlCommand, lookupCommand, exportCommand, statusCommand];
