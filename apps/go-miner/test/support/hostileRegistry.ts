import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the hostile proxy answers one module's `.info` and `@latest`. */
export type HostileReply = (req: IncomingMessage, res: ServerResponse) => void;

/** `NODE_OPTIONS` that make the CLI print `peak-rss-bytes <n>` on stderr as it exits. */
export const PEAK_RSS_NODE_OPTIONS = `--import=${new URL('./reportPeakRss.mjs', import.meta.url).href}`;

/** The peak RSS the CLI reported (see {@link PEAK_RSS_NODE_OPTIONS}). */
export function peakRssBytes(stderr: string): number {
  const match = /peak-rss-bytes (\d+)/.exec(stderr);
  if (match === null) throw new Error(`no peak-rss-bytes line in:\n${stderr}`);
  return Number(match[1]);
}

/**
 * A one-page Go index listing `modules` (all at v1.0.0, one second apart) and a proxy that answers
 * each module's requests with its own reply; counts the proxy's requests per module path.
 */
export async function startHostileRegistry(modules: Record<string, HostileReply>) {
  const paths = Object.keys(modules);
  const lines = paths.map((path, i) => JSON.stringify({ Path: path, Version: 'v1.0.0', Timestamp: new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString() }));
  const requests = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/index') {
      const since = url.searchParams.get('since');
      const visible = since === null ? lines : lines.filter((line) => (JSON.parse(line) as { Timestamp: string }).Timestamp >= since);
      res.writeHead(200, { 'content-type': 'application/json' }).end(visible.map((line) => `${line}\n`).join(''));
      return;
    }
    const path = paths.find((candidate) => url.pathname.startsWith(`/proxy/${candidate}/@`));
    if (path === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    requests.set(path, (requests.get(path) ?? 0) + 1);
    modules[path]!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    indexUrl: `${base}/index`,
    proxyUrl: `${base}/proxy`,
    requests,
    /** Replaces a module's reply (e.g. the server is fixed before a rerun). */
    answer(path: string, reply: HostileReply): void {
      modules[path] = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `.info` answer with an Origin on `https://<path>`. */
export const goodInfo: HostileReply = (req, res) => {
  const path = /^\/proxy\/(.+?)\/@/.exec(req.url ?? '')![1]!;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Version: 'v1.0.0', Time: '2020-01-01T00:00:00Z', Origin: { VCS: 'git', URL: `https://${path}` } }));
};

