import { expectedTypeError } from '@registry-miners/utils';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeGoRegistryError } from './FakeGoRegistryError.js';
import type { FakeGoRegistryOptions, FakeGoRegistryStats } from './startFakeGoRegistry.js';
import type { SyntheticGoDatasetOptions } from './SyntheticGoDataset.js';

/** Options of {@link spawnFakeGoRegistry}: the dataset's options plus the server's (faults apply to both services). */
export interface SpawnFakeGoRegistryOptions
  extends SyntheticGoDatasetOptions,
    Omit<FakeGoRegistryOptions, 'dataset' | 'indexFaults' | 'proxyFaults' | 'visibleEntries'> {
  /** How long to wait for the child to listen (it first computes per-module facts). @default 300_000 */
  startTimeoutMs?: number;
}

/** A fake Go registry running in a child process. */
export interface SpawnedFakeGoRegistry {
  readonly indexUrl: string;
  readonly proxyUrl: string;
  readonly pid: number;
  /** The child's counters. */
  stats(): Promise<FakeGoRegistryStats>;
  resetStats(): Promise<void>;
  /** Stops the child (SIGTERM) and waits for it to exit. */
  close(): Promise<void>;
}

interface ChildMessage {
  type: string;
  id?: number;
  indexUrl?: string;
  proxyUrl?: string;
  stats?: FakeGoRegistryStats;
}

function mainScript(): { file: string; execArgv: string[]; cwd: string } {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./fakeGoRegistryMain.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  // From source, the child needs tsx; it resolves from the package directory up to the workspace root.
  const cwd = fileURLToPath(new URL('../../', import.meta.url));
  return { file, execArgv: fromSource ? ['--conditions=source', '--import', 'tsx'] : [], cwd };
}

/**
 * Starts the fake Go registry in a child process, so that a benchmark's client and the server do not
 * share one event loop (on two cores that halves what either can do). The child builds its own
 * {@link SyntheticGoDataset} from the same options, so a dataset built here with equal options gives
 * the ground truth.
 *
 * @example
 * const registry = await spawnFakeGoRegistry({ entries: 45_000_000, modules: 2_500_000 });
 * // … crawl registry.indexUrl …
 * await registry.close();
 */
export async function spawnFakeGoRegistry(options: SpawnFakeGoRegistryOptions): Promise<SpawnedFakeGoRegistry> {
  if (typeof options !== 'object' || options === null) throw expectedTypeError('options', 'an object of spawnFakeGoRegistry options', options);
  const args = ['--entries', String(options.entries), '--modules', String(options.modules)];
  const add = (flag: string, value: number | string | undefined): void => {
    if (value !== undefined) args.push(flag, String(value));
  };
  add('--seed', options.seed);
  add('--host', options.host);
  add('--port', options.port);
  add('--latency-ms', options.latencyMs);
  add('--index-latency-ms', options.indexLatencyMs);
  add('--proxy-latency-ms', options.proxyLatencyMs);
  add('--page-limit', options.pageLimit);
  if (options.faults !== undefined) args.push('--faults-json', JSON.stringify(options.faults));
  if (options.prepare === false) args.push('--lazy');

  const { file, execArgv, cwd } = mainScript();
  const child: ChildProcess = fork(file, args, { cwd, execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 8192) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await new Promise<ChildMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new FakeGoRegistryError('ERR_FAKE_GO_REGISTRY_START', `The fake Go registry did not start within ${options.startTimeoutMs ?? 300_000} ms`));
    }, options.startTimeoutMs ?? 300_000);
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new FakeGoRegistryError('ERR_FAKE_GO_REGISTRY_START', `The fake Go registry exited with code ${code} before listening: ${stderr.trim()}`, {
          hint: 'Check the options (the child validates them like startFakeGoRegistry does).',
        }),
      );
    });
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (message: ChildMessage) => void; reject: (error: Error) => void }>();
  child.on('message', (message: ChildMessage) => {
    if (message.id === undefined) return;
    pending.get(message.id)?.resolve(message);
    pending.delete(message.id);
  });
  void exited.then((code) => {
    for (const request of pending.values()) {
      request.reject(new FakeGoRegistryError('ERR_FAKE_GO_REGISTRY_EXITED', `The fake Go registry exited with code ${code}`));
    }
    pending.clear();
  });
  const ask = (type: string): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null || !child.connected) {
        reject(new FakeGoRegistryError('ERR_FAKE_GO_REGISTRY_EXITED', 'The fake Go registry is not running'));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ type, id });
    });

  let closing: Promise<void> | undefined;
  return {
    indexUrl: ready.indexUrl as string,
    proxyUrl: ready.proxyUrl as string,
    pid: child.pid as number,
    async stats() {
      return (await ask('stats')).stats as FakeGoRegistryStats;
    },
    async resetStats() {
      await ask('resetStats');
    },
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      })();
      return closing;
    },
  };
}
