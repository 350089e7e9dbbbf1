import type { CommandModule } from 'yargs';
import { fetchCommand } from './fetch.js';
import { resolveCommand } from './resolve.js';
import { resolveManyCommand } from './resolveMany.js';
import { serveCommand } from './serve.js';
import { snapshotsCommand } from './snapshots.js';
import { statusCommand } from './status.js';

// yargs' CommandModule is invariant in its argument type; the array only needs each module's shape.
export const commands = [resolveCommand, resolveManyCommand, snapshotsCommand, fetchCommand, statusCommand, serveCommand] as unknown as CommandModule[];
