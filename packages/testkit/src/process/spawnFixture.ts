import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Runs a TypeScript fixture in a real Node process, through tsx and with the `source` condition so
 * that workspace packages resolve to their sources: `file` is relative to `cwd` (the package under
 * test, whose devDependencies must include tsx). stdin, stdout and stderr are pipes.
 */
export function spawnFixture(cwd: string, file: string, args: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with the first stdout line starting with `prefix`; rejects if the child exits first (with its stderr). */
export function waitForLine(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolvePromise(line);
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      reject(new Error(`fixture exited (code ${code}, signal ${signal}) before printing "${prefix}"; stderr:\n${err}`));
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
}

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => child.once('exit', () => resolvePromise()));
}
