import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned answer; `times` answers it that many times, then the next route for the URL applies. */
export interface Reply {
  status: number;
  body: string | object;
  times?: number;
  delayMs?: number;
}

export interface ProxyRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FakeProxy {
  url: string;
  requests: ProxyRequest[];
  close(): Promise<void>;
}

/**
 * A minimal GOPROXY: each raw request target (`/github.com/!burnt!sushi/toml/@latest`) answers its
 * list of replies in order (the last one repeats); anything else is `404 not found`.
 */
export async function startFakeProxy(routes: Record<string, Reply | Reply[]>): Promise<FakeProxy> {
  const requests: ProxyRequest[] = [];
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const target = req.url ?? '';
    requests.push({ url: target, headers: req.headers });
    const route = routes[target];
    const replies = route === undefined ? [] : Array.isArray(route) ? route : [route];
    const count = served.get(target) ?? 0;
    served.set(target, count + 1);
    let reply: Reply | undefined;
    let seen = 0;
    for (const candidate of replies) {
      seen += candidate.times ?? Infinity;
      if (count < seen) {
        reply = candidate;
        break;
      }
    }
    reply ??= replies.at(-1);
    const answer = (): void => {
      if (reply === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=UTF-8' }).end(`not found: ${target}`);
        return;
      }
      const json = typeof reply.body !== 'string';
      res.writeHead(reply.status, { 'content-type': json ? 'application/json' : 'text/plain; charset=UTF-8' });
      res.end(json ? JSON.stringify(reply.body) : reply.body);
    };
    if (reply?.delayMs) setTimeout(answer, reply.delayMs);
    else answer();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
