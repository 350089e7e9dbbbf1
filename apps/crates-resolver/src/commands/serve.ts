import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Argv, CommandModule } from 'yargs';
import { searchCacheDirectory, managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { parseDuration } from '../parseDuration.js';
import type { LogFormat } from '../server/createLogger.js';
import type { createResolveServer } from '../server/createResolveServer.js';
import { integerFlags } from '../parseIntegerFlag.js';

interface ServeArgs extends ManagerArgs {
  host: string;
  port: number;
  warm: boolean;
  workers: number;
  'searches-per-worker': number;
  'search-cache-mb': number;
  'max-body-mb': number;
  'max-resolutions': number;
  'headers-timeout': string;
  'body-timeout': string;
  'resolve-timeout': string;
  'shutdown-timeout': string;
  'max-index-age': string | undefined;
  'log-format': LogFormat;
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
const MIB = 1024 * 1024;

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve POST /resolve (form fields lockfile_base64, published_time), compatible with the oss-rebuild registry service',
  builder: (yargs) =>
    managerOptions(yargs as Argv)
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('port', { type: 'string', requiresArg: true, default: '8080', describe: 'Port to listen on (0 picks a free one)' })
      .middleware(integerFlags({ port: [0, 65535] }))
      .option('warm', { type: 'boolean', default: false, describe: 'Clone the current index and list the snapshots at start-up (/readyz is false until then)' })
      .option('workers', { type: 'number', default: availableParallelism(), defaultDescription: 'one per core', describe: 'Threads that run searches' })
      .option('searches-per-worker', { type: 'number', default: 2, describe: 'Searches a worker runs at once; more wait in a queue (first come, first served)' })
      .option('search-cache-mb', { type: 'number', default: 64, describe: 'Memory for what searches learned (trees, version lists), shared out among the workers' })
      .option('max-body-mb', { type: 'number', default: 10, describe: 'Larger request bodies are refused (413)' })
      .option('max-resolutions', { type: 'number', default: 64, describe: 'Resolutions at once; more are refused with 503 and Retry-After' })
      .option('headers-timeout', { type: 'string', default: '10s', describe: 'Time to receive the request headers (then 408)' })
      .option('body-timeout', { type: 'string', default: '30s', describe: 'Time to receive the request body (then 408)' })
      .option('resolve-timeout', { type: 'string', default: '2m', describe: 'Longest resolution, clones included (then 503)' })
      .option('shutdown-timeout', { type: 'string', default: '10s', describe: 'After SIGTERM, connections still open after this are cut' })
      .option('max-index-age', { type: 'string', describe: '/readyz is false when the current index was updated longer ago (default: 3 × --update-interval)' })
      .option('log-format', { choices: ['json', 'text'] as const, default: 'json' as LogFormat, describe: 'JSON lines (collectors) or text (terminals), on stderr' })
      .group(['host', 'port', 'warm', 'workers', 'searches-per-worker', 'search-cache-mb', 'log-format'], 'Service:')
      .group(['max-body-mb', 'max-resolutions', 'headers-timeout', 'body-timeout', 'resolve-timeout', 'shutdown-timeout', 'max-index-age'], 'Limits:')
      .example('$0 serve --port 8080 --warm', 'then: curl -d published_time=2020-04-23T01:35:52Z --data-urlencode lockfile_base64="$(base64 -w0 Cargo.lock)" localhost:8080/resolve') as unknown as Argv<ServeArgs>,
  handler: async (args) => {
    // Loaded here, not at start-up: every other command would pay for nodegit, pino and prom-client.
    const { ResolutionPool, SnapshotListCache } = await import('@registry-miners/crates-batch');
    const { createLogger } = await import('../server/createLogger.js');
    const { createResolveServer } = await import('../server/createResolveServer.js');
    const { IndexRefresher } = await import('../server/IndexRefresher.js');
    const { ServiceMetrics } = await import('../server/ServiceMetrics.js');
    const { keepYoungGenerationSmall } = await import('../server/keepYoungGenerationSmall.js');
    keepYoungGenerationSmall();
    const logger = createLogger(args['log-format']);
    const { updateIntervalMs } = args;
    const limits = {
      maxBodyBytes: Math.round(args['max-body-mb'] * MIB),
      maxResolutions: args['max-resolutions'],
      headersTimeoutMs: parseDuration(args['headers-timeout'], '--headers-timeout'),
      bodyTimeoutMs: parseDuration(args['body-timeout'], '--body-timeout'),
      resolveTimeoutMs: parseDuration(args['resolve-timeout'], '--resolve-timeout'),
      maxIndexAgeMs: args['max-index-age'] === undefined ? 3 * updateIntervalMs : parseDuration(args['max-index-age'], '--max-index-age'),
    };
    // The gauges read the pool, the server and the manager when scraped (all created below).
    const metrics = new ServiceMetrics({
      inFlight: () => server?.inFlight() ?? 0,
      resolutionCacheBytes: () => {
        const stats = pool.cacheStats();
        return stats.bytes + stats.historyBytes;
      },
      indexCacheBytes: async () => (await manager.status()).reduce((sum, entry) => sum + entry.bytes, 0),
    });
    const manager = await openIndexManager(args, {
      onProgress: undefined,
      onOperation: (event) => {
        metrics.indexOperation(event);
        logger.info({ repository: event.name, operation: event.operation, seconds: Number(event.seconds.toFixed(2)), ok: event.ok }, 'index operation');
      },
    });
    const workers = Math.max(1, Math.floor(args.workers));
    const pool = new ResolutionPool({
      manager,
      workers,
      searchesPerWorker: Math.max(1, Math.floor(args['searches-per-worker'])),
      cacheBytes: Math.floor(args['search-cache-mb'] * MIB),
      searchCacheDirectory: searchCacheDirectory(args),
    });
    const snapshots = new SnapshotListCache(manager, updateIntervalMs);
    const refresher = new IndexRefresher(manager, snapshots, logger, updateIntervalMs);
    let server: ReturnType<typeof createResolveServer> | undefined;
    try {
      server = createResolveServer({ manager, snapshots, pool, logger, limits, metrics });
      server.listen(args.port, args.host);
      await once(server, 'listening');
      const { address, port } = server.address() as AddressInfo;
      process.stdout.write(`listening on http://${address.includes(':') ? `[${address}]` : address}:${port}\n`);
      logger.info({ address, port, workers, limits }, 'listening');
      if (args.warm) void refresher.refresh();
      refresher.start();

      const signal = await new Promise<keyof typeof SIGNAL_EXIT_CODES>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const deadlineMs = parseDuration(args['shutdown-timeout'], '--shutdown-timeout');
      logger.info({ signal, deadlineMs }, 'stopping: finishing requests in flight');
      // Stop accepting, let requests in flight finish until the deadline, then cut what is left (a stalled upload).
      const closed = new Promise((resolve) => server!.close(resolve));
      server.closeIdleConnections();
      const timedOut = await Promise.race([closed.then(() => false), sleep(deadlineMs, true, { ref: false })]);
      if (timedOut) {
        logger.warn({ signal }, 'shutdown deadline reached: closing the remaining connections');
        server.closeAllConnections();
      }
      logger.info({ signal }, 'stopped');
      process.exitCode = SIGNAL_EXIT_CODES[signal];
    } finally {
      if (server?.listening) server.close();
      await refresher.stop();
      await pool.close();
      await manager.close();
    }
  },
};
