import { spawn } from 'node:child_process';

/** Runs `git args…`, resolving with its stdout; rejects with stderr in the message when it fails. */
export function git(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      reject(new Error(`git ${args.join(' ')} failed (${why}): ${Buffer.concat(stderr).toString('utf8').trim()}`));
    });
    child.stdin.on('error', () => {}); // git may exit before reading everything; 'close' reports why
    child.stdin.end(options.input);
  });
}
