/** A bad flag or command line as yargs reports it (exit 2; the hint points at the command's `--help`). */
import { RegistryMinersError } from '@registry-miners/utils';

export class UsageError extends RegistryMinersError<'ERR_USAGE'> {
  override name = 'UsageError';
}
