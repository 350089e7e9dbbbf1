import { spawn } from 'node:child_process';
import { GitCommandError } from './GitCommandError.js';
import { createProgressSplitter, type GitProgress } from './GitProgress.js';

/** Options of {@link runGit}. */
export interface RunGitOptions {
  cwd?: string;
  signal?: AbortSignal;
  onProgress?: (progress: GitProgress) => void;
}

const STDERR_TAIL = 8192;
/** Grace period between SIGTERM and SIGKILL when a git command is aborted. */
const KILL_GRACE_MS = 3000;

/**
 * Runs `git` with `args` and resolves with its stdout. Progress lines on stderr (with `--progress`)
 * are parsed and reported; the rest of stderr is kept for the error message. On abort the process
 * is terminated (SIGTERM, then SIGKILL) and the promise rejects with the signal's reason once it
 * has exited, so that callers can clean up its files safely.
 */
export function runGit(gitBinary: string, args: readonly string[], options: RunGitOptions = {}): Promise<string> {
  const { signal, onProgress } = options;
  return new Promise<string>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const child = spawn(gitBinary, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANGUAGE: 'C' },
    });
    const stdout: Buffer[] = [];
    let stderrTail = '';
    const splitter = createProgressSplitter(
      (progress) => onProgress?.(progress),
      (line) => {
        stderrTail = `${stderrTail}${line}\n`.slice(-STDERR_TAIL);
      },
    );
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => splitter.push(chunk));
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let spawnError: Error | undefined;
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, killSignal) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      splitter.end();
      if (signal?.aborted) reject(signal.reason);
      else if (spawnError) reject(spawnError);
      else if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(new GitCommandError({ args, exitCode: code, signal: killSignal, stderr: stderrTail }));
    });
  });
}
