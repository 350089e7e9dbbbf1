import { display } from '@registry-miners/utils';
import { UsageError } from '../errors/UsageError.js';

/**
 * The words yargs should parse. `pnpm start -- status` hands us `-- status`: that leading `--` only ends
 * pnpm's own options, so it is dropped. A `--` anywhere else would make yargs treat what follows as
 * plain words that no command reads (the default command would then run instead of the one meant):
 * refused, naming those words.
 */
export function commandLineWords(args: readonly string[]): string[] {
  const words = args[0] === '--' ? args.slice(1) : [...args];
  const separator = words.indexOf('--');
  if (separator === -1) return words;
  const after = words.slice(separator + 1);
  throw new UsageError(`Nothing may follow \`--\` (no command reads it), got ${after.length > 0 ? display(after.join(' ')) : 'a trailing `--`'}`, {
    hint: `Give the command and its flags without \`--\`, e.g. \`go-miner ${after.join(' ') || 'status'}\`.`,
  });
}
