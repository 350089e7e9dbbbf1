import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's package.json: the nearest one above this module (in src/, dist/, or the bundle's dist/cli/). */
function manifestPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'package.json');
}

/** crates-resolver's version, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(manifestPath(), 'utf8')) as { version: string }).version;
