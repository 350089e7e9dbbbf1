import type { LockPackage } from '@registry-miners/cargolock-parser';
import { CliError } from './CliError.js';

/** Parses `--anchor name@version` (the crate being rebuilt). */
export function parseAnchor(value: string): LockPackage {
  const at = value.lastIndexOf('@');
  const name = value.slice(0, at);
  const version = value.slice(at + 1);
  if (at <= 0 || version === '' || /\s/.test(value)) {
    throw new CliError('ERR_BAD_INPUT', `--anchor ${JSON.stringify(value)} is not name@version`, {
      hint: 'name the crate being rebuilt and its version, e.g. --anchor serde@1.0.104',
    });
  }
  return { name, version };
}
