import type { Writable } from 'node:stream';

/** What main() hands every command besides its arguments. */
export interface CliContext {
  /** Aborted on SIGINT/SIGTERM: commands stop, commit finished work and return. */
  signal: AbortSignal;
  /** Result output (`--out -`). */
  stdout: Writable;
  /** Logs, progress, summary. */
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** yargs merges the parse context into argv under this key. */
export const CONTEXT_KEY = 'goMinerContext';

export function contextOf(argv: Record<string, unknown>): CliContext {
  const context = argv[CONTEXT_KEY] as CliContext | undefined;
  if (!context) throw new Error('go-miner: command run without a CLI context');
  return context;
}
