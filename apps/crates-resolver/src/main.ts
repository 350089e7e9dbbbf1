import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { classifyResolutionFailure } from '@registry-miners/crates-batch/failure';
import { CliError, ExitCode, exitCodeOf } from './CliError.js';
import { commands } from './commands/index.js';
import { describeError } from './describeError.js';
import { UsageError } from './UsageError.js';
import { VERSION } from './version.js';

const COMMAND_NAMES = commands.map((command) => String(command.command).split(' ')[0]!);

/**
 * Runs the CLI on `argv` (without node and the script) and returns the exit code. Only this function
 * decides what a person sees when something goes wrong: a usage error is one line and a hint
 * pointing at `--help`, never the whole help.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // `pnpm start -- resolve …` passes the `--` on; as a first argument it can only mean that.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let ran = false;
  const tracked = commands.map(
    (command): CommandModule => ({
      ...command,
      handler: async (parsed) => {
        ran = true;
        await command.handler(parsed);
      },
    }),
  );
  const parser = yargs(args)
    .scriptName('crates-resolver')
    .usage('$0 <command> [options]\n\nFinds the crates.io index commit at which a Cargo.lock could have been resolved.')
    .command(tracked)
    .option('quiet', { alias: 'q', type: 'boolean', global: true, describe: 'Print only the result and errors: no progress, no warnings' })
    .option('verbose', { alias: 'v', type: 'boolean', global: true, describe: 'Also log details on stderr (the search step by step), timestamped' })
    .conflicts('quiet', 'verbose')
    .check(singleValues, true)
    .demandCommand(1, `no command given: name one of ${COMMAND_NAMES.join(', ')}`)
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version('version', 'Show the version number', VERSION)
    .alias('V', 'version')
    .exitProcess(false)
    // yargs lays out the help after every command (in case it fails); laid out unwrapped that costs far less.
    .wrap(args.some((arg) => arg === '--help' || arg === '-h') ? Math.min(110, process.stdout.columns ?? 100) : null)
    .epilogue('Exit codes: 0 resolved, 1 failure, 2 bad input, 3 unresolved under --require-all.')
    .fail((message, error) => {
      // yargs' own errors (a flag without its value, …) are usage errors too.
      throw error === undefined || error === null || error.name === 'YError' ? new UsageError('ERR_USAGE', message ?? error?.message ?? '') : error;
    });
  try {
    const parsed = await parser.parseAsync();
    if (!ran && !parsed['help'] && !parsed['version']) throw new UsageError('ERR_USAGE', `no command given: name one of ${COMMAND_NAMES.join(', ')}`);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${usageMessage(error.message, args)}\nhint: ${helpHint(args)}\n`);
      return ExitCode.badInput;
    }
    process.stderr.write(`${describeError(error)}\n`);
    if (error instanceof CliError) return error.exitCode;
    // Everything else comes from the packages: their one classification decides the exit code.
    return exitCodeOf(classifyResolutionFailure(error).kind);
  }
}

/** Flags a user may repeat; any other given twice is an error rather than an array nobody expects. */
const REPEATABLE = new Set(['_', 'repo', 'snapshot']);

function singleValues(parsed: Record<string, unknown>): true {
  for (const [name, value] of Object.entries(parsed)) {
    // yargs also lists camelCase copies of dashed names: checking the dashed ones is enough.
    if (REPEATABLE.has(name) || /[A-Z]/.test(name) || !Array.isArray(value)) continue;
    throw new CliError('ERR_BAD_INPUT', `--${name} is given ${value.length} times`, { hint: `give --${name} once` });
  }
  return true;
}

/** One line; yargs' bare command suggestion gets the word that was not recognised. */
function usageMessage(message: string, args: readonly string[]): string {
  const line = message.split('\n')[0]!;
  const suggestion = /^Did you mean (\S+)\?$/.exec(line);
  const typed = args.find((arg) => !arg.startsWith('-'));
  return suggestion && typed !== undefined ? `unknown command ${JSON.stringify(typed)}: did you mean ${suggestion[1]}?` : line;
}

/** Points at the help of the command the user named, else at the general help. */
function helpHint(args: readonly string[]): string {
  const named = args.find((arg) => COMMAND_NAMES.includes(arg));
  return named === undefined ? '`crates-resolver --help` lists the commands' : `\`crates-resolver ${named} --help\` lists its options`;
}
