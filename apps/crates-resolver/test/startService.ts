import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cratesCasesDir } from '@registry-miners/testkit';

export interface Service {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  stderr: () => string;
}

/** Starts the real `crates-resolver serve` from source on a free port; resolves once it listens. */
export function startService(args: readonly string[]): Promise<Service> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/bin.ts', 'serve', '--port', '0', ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve({ child, url: match[1]!, exited, stderr: () => stderr });
    });
    exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

/** The JSON log lines a service wrote so far. */
export function logLines(service: Service): Record<string, unknown>[] {
  return service
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The form a client posts for one of the shared cases (optionally at another publish time). */
export function caseForm(name: string, published?: string): URLSearchParams {
  const file = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  return new URLSearchParams({
    lockfile_base64: readFileSync(join(cratesCasesDir, name, 'Cargo.lock')).toString('base64'),
    published_time: published ?? file.published,
  });
}

export function expectedOf(name: string): { commit: string; time: string; found: number; total: number } {
  return JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8')).expected;
}

/** One sample of a Prometheus text exposition (0 when absent). */
export async function metric(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.slice(sample.length + 1));
}
