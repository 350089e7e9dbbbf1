/**
 * Runs the fake Go registry as a process, for the offline demo and for benchmarks that keep the
 * server off the client's event loop:
 *
 *   node --conditions=source --import tsx packages/testkit/src/go/fakeGoRegistryMain.ts \
 *     --entries 200000 --modules 20000 --port 0 [--latency-ms N] [--faults] [--ground-truth out.csv]
 *
 * Prints one JSON line `{"indexUrl":…,"proxyUrl":…,…}` on stdout and serves until SIGINT/SIGTERM.
 * Under `child_process.fork` it also talks over IPC (see `spawnFakeGoRegistry`).
 */
import { parseArgs } from 'node:util';
import { expectedMessage, hasErrorCode } from '@registry-miners/utils';
import { FakeGoRegistryError } from './FakeGoRegistryError.js';
import { defaultGoFaults, type GoFaultOptions } from './GoFaultInjector.js';
import { writeGoGroundTruthCsv } from './goGroundTruth.js';
import { startFakeGoRegistry, type FakeGoRegistryOptions } from './startFakeGoRegistry.js';
import { SyntheticGoDataset } from './SyntheticGoDataset.js';

const USAGE = `Usage: fakeGoRegistryMain [options]
  --entries N            entries in the include=all feed (default 200000)
  --modules N            distinct module paths (default entries / 10)
  --seed N               dataset seed (default 1)
  --host HOST            (default 127.0.0.1)
  --port N               (default 0: a free port)
  --latency-ms N         delay before every answer
  --index-latency-ms N   delay before index answers
  --proxy-latency-ms N   delay before proxy answers
  --page-limit N         default and maximum index page size (default 2000)
  --faults               inject the default fault profile (2% 5xx, 1% 429, 1% resets, 1% fetch timed out)
  --faults-json JSON     inject these GoFaultOptions instead
  --lazy                 do not precompute per-module facts before listening
  --ground-truth FILE    also write the CSV a correct go-miner must produce (default feed)
  --include-all          ground truth for the include=all feed instead
  --help`;

function usageError(message: string, cause?: unknown): FakeGoRegistryError {
  return new FakeGoRegistryError('ERR_FAKE_GO_REGISTRY_USAGE', message, { cause, hint: 'Run with --help for the options.' });
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw usageError(expectedMessage(`--${name}`, 'a non-negative integer', value));
  return parsed;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      entries: { type: 'string' },
      modules: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      'index-latency-ms': { type: 'string' },
      'proxy-latency-ms': { type: 'string' },
      'page-limit': { type: 'string' },
      faults: { type: 'boolean' },
      'faults-json': { type: 'string' },
      lazy: { type: 'boolean' },
      'ground-truth': { type: 'string' },
      'include-all': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const entries = integer('entries', values.entries, 200_000);
  const modules = integer('modules', values.modules, Math.max(1, Math.floor(entries / 10)));
  let faults: GoFaultOptions | undefined = values.faults ? { ...defaultGoFaults } : undefined;
  if (values['faults-json'] !== undefined) {
    try {
      faults = JSON.parse(values['faults-json']) as GoFaultOptions;
    } catch (error) {
      throw usageError(`--faults-json is not JSON: ${(error as Error).message}`, error);
    }
  }
  let dataset: SyntheticGoDataset;
  const options: Omit<FakeGoRegistryOptions, 'dataset'> = {};
  try {
    dataset = new SyntheticGoDataset({ entries, modules, seed: integer('seed', values.seed, 1) });
    if (values.host !== undefined) options.host = values.host;
    options.port = integer('port', values.port, 0);
    if (values['latency-ms'] !== undefined) options.latencyMs = integer('latency-ms', values['latency-ms'], 0);
    if (values['index-latency-ms'] !== undefined) options.indexLatencyMs = integer('index-latency-ms', values['index-latency-ms'], 0);
    if (values['proxy-latency-ms'] !== undefined) options.proxyLatencyMs = integer('proxy-latency-ms', values['proxy-latency-ms'], 0);
    if (values['page-limit'] !== undefined) options.pageLimit = integer('page-limit', values['page-limit'], 2000);
    if (faults !== undefined) options.faults = faults;
    options.prepare = !values.lazy;
  } catch (error) {
    if (error instanceof TypeError) throw usageError(error.message, error);
    throw error;
  }
  if (values['ground-truth'] !== undefined) {
    await writeGoGroundTruthCsv(dataset, values['ground-truth'], { includeAll: values['include-all'] ?? false });
  }
  const registry = await startFakeGoRegistry({ dataset, ...options });
  const ready = {
    indexUrl: registry.indexUrl,
    proxyUrl: registry.proxyUrl,
    entries,
    modules,
    seed: dataset.seed,
    pid: process.pid,
  };
  process.stdout.write(JSON.stringify(ready) + '\n');
  process.send?.({ type: 'ready', ...ready });
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message.type === 'stats') process.send?.({ type: 'stats', id: message.id, stats: registry.stats() });
    else if (message.type === 'resetStats') {
      registry.resetStats();
      process.send?.({ type: 'resetStats', id: message.id });
    }
  });
  const stop = (signal: NodeJS.Signals): void => {
    void registry.close().finally(() => {
      process.exitCode = signal === 'SIGINT' ? 130 : 143;
      process.disconnect?.();
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = hasErrorCode(error, 'ERR_FAKE_GO_REGISTRY_USAGE') || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`fakeGoRegistryMain: ${(error as Error).message}\n${usage ? USAGE + '\n' : ''}`);
  process.exitCode = usage ? 2 : 1;
  process.disconnect?.();
});
