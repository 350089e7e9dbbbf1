import yargs from 'yargs';
import { CliError, ExitCode } from './CliError.js';
import { commands } from './commands/index.js';
import { describeError } from './describeError.js';
import { VERSION } from './version.js';

/** Marks errors yargs raises for bad flags, so they map to the usage exit code. */
class UsageError extends Error {}

/**
 * Runs the CLI on `argv` (without node and the script) and returns the exit code. Only this function
 * decides what a person sees when something goes wrong.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const parser = yargs([...argv])
    .scriptName('crates-resolver')
    .usage('$0 <command> [options]\n\nFinds the crates.io index commit at which a Cargo.lock could have been resolved.')
    .command(commands)
    .demandCommand(1, 'Name a command: resolve, snapshots, fetch, status or serve.')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .epilogue('Exit codes: 0 resolved, 1 failure, 2 bad input, 3 unresolved under --require-all.')
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  try {
    await parser.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${await parser.getHelp()}\n\n${error.message}\n`);
      return ExitCode.badInput;
    }
    process.stderr.write(`${describeError(error)}\n`);
    return error instanceof CliError ? error.exitCode : ExitCode.failure;
  }
}
