import type { Writable } from 'node:stream';
import yargs from 'yargs';
import { commands } from './commands/allCommands.js';
import { commandLineWords } from './commands/commandLineWords.js';
import { withVerbosityOptions } from './commands/verbosityOptions.js';
import { CONTEXT_KEY } from './commands/CliContext.js';
import type { CliContext } from './commands/CliContext.js';
import { describeError, EXIT, exitCodeFor } from './errors/describeError.js';
import { GoMinerError } from '@registry-miners/go-mining';
import { UsageError } from './errors/UsageError.js';
import { VERSION } from './version.js';

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: Writable;
  stderr?: Writable;
  /** Listen for SIGINT/SIGTERM (the real CLI does). @default true */
  handleSignals?: boolean;
}

const COMMAND_NAMES = ['run', 'crawl', 'lookup', 'export', 'status'];

/** yargs' own complaints as a person would say them: a flag without its value, unknown flags named once. */
function usageMessage(message: string): string {
  const missing = /^Not enough arguments following: (\S+)$/.exec(message)?.[1];
  if (missing) return `${missing.length === 1 ? '-' : '--'}${missing} needs a value`;
  const unknown = /^Unknown arguments: (.+)$/.exec(message)?.[1];
  if (unknown) {
    // yargs lists `proxy-url` and its camel-case twin `proxyUrl`.
    const names = unknown.split(', ');
    const twins = new Set(names.filter((name) => name.includes('-')).map((name) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())));
    const shown = names.filter((name) => !twins.has(name));
    return `Unknown argument${shown.length > 1 ? 's' : ''}: ${shown.join(', ')}`;
  }
  return message;
}

/** `Unknown argument: crawll` → suggest `crawl` (the default command swallows unknown words, so yargs cannot). */
function usageHint(message: string): string {
  const unknown = /^Unknown arguments?: (\S+?)(,|$)/.exec(message)?.[1];
  const near = unknown ? COMMAND_NAMES.find((name) => editDistance(name, unknown) <= 2) : undefined;
  return near ? `Did you mean \`go-miner ${near}\`? Run \`go-miner --help\` for the commands.` : 'Run `go-miner --help` for the commands and options.';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The go-miner CLI: parses `args` (without node and script), runs the command, and returns the exit code:
 * 0 ok, 1 failure, 2 usage error, 130/143 after SIGINT/SIGTERM (state flushed first).
 * A second SIGINT/SIGTERM exits at once (state stays consistent: every commit is atomic).
 */
export async function main(args: readonly string[], options: MainOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      stderr.write(`go-miner: ${signal} again, exiting now\n`);
      process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    }
    received = signal;
    stderr.write(`go-miner: ${signal} received, saving state… (again to exit at once)\n`);
    controller.abort(new GoMinerError('ERR_ABORTED', `Interrupted by ${signal}; all finished work was saved.`));
  };
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const context: CliContext = { signal: controller.signal, stdout, stderr, env: options.env ?? process.env };
  const cli = withVerbosityOptions(yargs())
    .scriptName('go-miner')
    // A flag given twice takes its last value, as in most command-line tools; numbers arrive as typed.
    .parserConfiguration({ 'duplicate-arguments-array': false, 'parse-numbers': false })
    .usage(
      '$0 [command] [options]\n\n' +
        'Lists every public Go module from the Go module index and finds its source repository through the ' +
        "Go module proxy's Origin metadata, as CSV. Resumable: run it again to continue or to refresh.",
    )
    .command(commands)
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(VERSION)
    .alias('version', 'V')
    .wrap(Math.min(120, (stdout as NodeJS.WriteStream).columns ?? 100))
    .epilog(
      'A flag given twice: the last value wins. Exit codes: 0 ok (also when a reader of --out - stops early), ' +
        '1 failure (state kept), 2 usage error, 130/143 interrupted (state saved).\n' +
        'Docs: apps/go-miner/README.md',
    )
    .exitProcess(false)
    .fail((message, error) => {
      // yargs' own validation errors (YError) are usage errors too; anything else came from a command.
      if (error instanceof UsageError || (error && error.name !== 'YError')) throw error;
      const text = usageMessage(message ?? error?.message ?? 'invalid command line');
      throw new UsageError(text, { hint: usageHint(text) });
    });
  try {
    await cli.parseAsync(commandLineWords(args), { [CONTEXT_KEY]: context }, (error, _argv, output) => {
      // yargs hands --help / --version text here instead of printing it when a callback is given.
      if (!error && output) stdout.write(`${output}\n`);
    });
    if (received) return received === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    return EXIT.ok;
  } catch (error) {
    if (received) {
      stderr.write(`go-miner: interrupted by ${received}; state saved. Run the same command again to continue.\n`);
      return received === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    }
    const code = exitCodeFor(error);
    // A reader that stopped early is not worth a word: the data it wanted was written.
    if (code !== EXIT.ok) stderr.write(`${describeError(error)}\n`);
    return code;
  } finally {
    if (handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
