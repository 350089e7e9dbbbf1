import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Argv, CommandModule } from 'yargs';
import { managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { parseDuration } from '../parseDuration.js';
import { integerFlags } from '../parseIntegerFlag.js';

interface ServeArgs extends ManagerArgs {
  host: string;
  port: number;
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve POST /resolve (form fields lockfile_base64, published_time), compatible with the oss-rebuild registry service',
  builder: (yargs) =>
    managerOptions(yargs as Argv)
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('port', { type: 'string', requiresArg: true, default: '8080', describe: 'Port to listen on (0 picks a free one)' })
      .middleware(integerFlags({ port: [0, 65535] }))
      .example('$0 serve --port 8080', 'then: curl -d published_time=2020-04-23T01:35:52Z --data-urlencode lockfile_base64="$(base64 -w0 Cargo.lock)" localhost:8080/resolve') as unknown as Argv<ServeArgs>,
  handler: async (args) => {
    // Loaded here, not at start-up: every other command would pay for nodegit.
    const { createResolveServer } = await import('../server/createResolveServer.js');
    const { SnapshotListCache } = await import('../server/SnapshotListCache.js');
    const manager = await openIndexManager(args);
    const snapshots = new SnapshotListCache(manager, parseDuration(args['update-interval'], '--update-interval'));
    const server = createResolveServer({ manager, snapshots, log: (line) => process.stderr.write(`${line}\n`) });
    server.listen(args.port, args.host);
    await once(server, 'listening');
    const { address, port } = server.address() as AddressInfo;
    process.stdout.write(`listening on http://${address.includes(':') ? `[${address}]` : address}:${port}\n`);

    const signal = await new Promise<keyof typeof SIGNAL_EXIT_CODES>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    process.stderr.write(`${signal}: finishing requests in flight, then stopping\n`);
    // Stop accepting, let requests in flight finish, then release the repositories.
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await closed;
    await manager.close();
    process.exitCode = SIGNAL_EXIT_CODES[signal];
  },
};
