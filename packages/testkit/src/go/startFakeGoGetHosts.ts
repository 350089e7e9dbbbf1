import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendGoGetReply, type GoGetReply } from './GoGetReply.js';
import { GoGetTraffic, type GoGetTrafficStats } from './GoGetTraffic.js';

/** Options of {@link startFakeGoGetHosts}. */
export interface FakeGoGetHostsOptions {
  /** What to answer for a module path (`go.acme.org/x`) and the raw query (`go-get=1`). */
  answer: (path: string, query: string) => GoGetReply;
  /** Delay before every answer, in milliseconds. @default 0 */
  latencyMs?: number;
}

/** Many fake vanity hosts behind one local server: `GET ${url}/<module path>?go-get=1`. */
export interface FakeGoGetHosts {
  /** `http://127.0.0.1:PORT`: the `--go-get-base-url` to use. */
  readonly url: string;
  stats(): GoGetTrafficStats;
  resetStats(): void;
  /** Stops listening and drops every connection (hanging ones included). */
  close(): Promise<void>;
}

/**
 * Starts a server standing in for any number of vanity hosts: the first path element is the host, so
 * `${url}/go.acme.org/x?go-get=1` is what `https://go.acme.org/x?go-get=1` would be. Counts requests
 * per path and in flight per host (to check a client's per-host cap).
 *
 * @example
 * const hosts = await startFakeGoGetHosts({ answer: (path) => ({ status: 200, body: goGetPage(['go-import', `${path} git https://example.org/x`]) }) });
 */
export async function startFakeGoGetHosts(options: FakeGoGetHostsOptions): Promise<FakeGoGetHosts> {
  const traffic = new GoGetTraffic();
  const hanging = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const latencyMs = options.latencyMs ?? 0;
  const server = createServer({ keepAlive: true }, (req, res) => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = decodeURIComponent((q < 0 ? target : target.slice(0, q)).replace(/^\/+/, ''));
    const query = q < 0 ? '' : target.slice(q + 1);
    sendGoGetReply(res, options.answer(path, query), { traffic, path, query, latencyMs, hanging, timers });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => traffic.stats(),
    resetStats: () => traffic.reset(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
        for (const res of hanging) res.socket?.destroy();
      });
      return closed;
    },
  };
}
