import { RegistryMinersError } from '@registry-miners/utils';
import type { RegistryMinersErrorOptions } from '@registry-miners/utils';

/** A bad command line: unknown flag, invalid value, unknown command. Exit code 2. */
export class UsageError extends RegistryMinersError<'ERR_USAGE'> {
  override name = 'UsageError';

  constructor(message: string, options: RegistryMinersErrorOptions<Readonly<Record<string, unknown>>> = {}) {
    super('ERR_USAGE', message, options);
  }
}
