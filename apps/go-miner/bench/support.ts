import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JobSummary } from '@registry-miners/go-mining';
import type { ResourceFigures } from '../src/progress/formatSummary.js';
import { APP_DIR, START_ARGS } from '../test/support/cli.js';
import type { BaselineMiner } from './baselineMiner.js';

// The CLI is launched exactly as the tests launch it (the package's `start` script).
export { APP_DIR, START_ARGS };

export interface MinerRun {
  code: number | null;
  wallMs: number;
  summary: (JobSummary & { resources: ResourceFigures }) | undefined;
  /** Bytes the miner process wrote to storage (Linux /proc/self/io), when known. */
  writeBytes: number | undefined;
  stderrTail: string;
}

/**
 * Runs the real CLI as a child process (as a user would), with `--summary-file`, so that the figures
 * (CPU user+sys and peak RSS of the miner process itself, HTTP stats) come from the child.
 */
export async function runMiner(args: string[], summaryFile: string, options: { echo?: boolean; miner?: BaselineMiner } = {}): Promise<MinerRun> {
  const started = Date.now();
  // As `start` runs it: this app's, or the baseline's own.
  const { appDir, nodeArgs } = options.miner ?? { appDir: APP_DIR, nodeArgs: START_ARGS };
  const child = spawn(process.execPath, [...nodeArgs, ...args, '--summary-file', summaryFile, '--progress', 'log', '--progress-interval', '30'], {
    cwd: appDir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${WRITE_BYTES_HOOK}`.trim() },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (options.echo) process.stderr.write(chunk.replace(/^/gm, '    | '));
  });
  const [code] = (await once(child, 'close')) as [number | null];
  let summary: MinerRun['summary'];
  try {
    summary = JSON.parse(await readFile(summaryFile, 'utf8')) as MinerRun['summary'];
  } catch {
    summary = undefined;
  }
  const written = /go-miner-bench write_bytes=(\d+)/.exec(stderr);
  return {
    code,
    wallMs: Date.now() - started,
    summary,
    writeBytes: written === null ? undefined : Number(written[1]),
    stderrTail: stderr.split('\n').slice(-15).join('\n'),
  };
}

/** Makes the miner print its `write_bytes` on exit (see reportWriteBytes.mjs). */
const WRITE_BYTES_HOOK = `--import=${new URL('./reportWriteBytes.mjs', import.meta.url).href}`;
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`).join('\n');
}
