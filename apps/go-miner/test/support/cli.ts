import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The app directory (where package.json is). */
export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Node's arguments of the package's `start` script (`node <these> src/bin.ts`): tests run the CLI exactly so. */
export const START_ARGS: string[] = (() => {
  const script = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = script.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`unexpected start script: ${script}`);
  return words.slice(1);
})();

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  stdout(): string;
  /** Resolves when the process has exited. */
  done: Promise<CliResult>;
  /** Resolves when stderr contains `text` (or rejects when the process exits first). */
  waitForStderr(text: string | RegExp): Promise<void>;
}

/** Starts the real CLI as the `start` script does (`node … src/bin.ts …`), as a child process. */
export function spawnCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnedCli {
  const started = Date.now();
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  // The CLI must not mistake the test runner's pnpm script for its own `pnpm start`, nor use a GOPROXY.
  delete inherited.npm_lifecycle_event;
  delete inherited.GOPROXY;
  const env: NodeJS.ProcessEnv = { ...inherited, ...options.env };
  const child = spawn(process.execPath, [...START_ARGS, ...args], {
    cwd: options.cwd ?? APP_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ test: (text: string) => boolean; resolve: () => void; reject: (error: Error) => void }> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) {
      if (waiter.test(stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const done = once(child, 'close').then(([code, signal]) => {
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(`go-miner exited (${code ?? signal}) before the expected output.\nstderr:\n${stderr}`));
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr, durationMs: Date.now() - started };
  });
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    done,
    waitForStderr(text) {
      const test = (all: string): boolean => (typeof text === 'string' ? all.includes(text) : text.test(all));
      if (test(stderr)) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ test, resolve, reject }));
    },
  };
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return spawnCli(args, options).done;
}

/**
 * Waits until a process that announced `go-miner: debug stop at …` has really stopped itself (SIGSTOP):
 * the announcement is written just before, so a signal sent on reading it could otherwise race the stop.
 * Linux: reads the state letter of /proc/<pid>/stat.
 */
export async function waitUntilStopped(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) T /.test(stat)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`process ${pid} did not stop within ${timeoutMs} ms`);
}

/** Runs any program (a shell pipeline, pnpm) to completion, collecting its output. */
export async function runProgram(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}
