import { createServer, request as httpRequest } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A forward HTTP proxy on 127.0.0.1, and what it was asked to reach. */
export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`: the value of `HTTP_PROXY` / `HTTPS_PROXY`. */
  url: string;
  /** Every target asked for, in order: `host:port` for CONNECT tunnels, the absolute URL otherwise. */
  readonly seen: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts a real forward proxy, as corporate networks have: `CONNECT host:port` opens a tunnel (what
 * clients do for https, and undici for http too), and absolute-form requests (`GET http://host/path`)
 * are relayed. Records every target, so a test can tell which requests went through it.
 *
 * @example
 * ```ts
 * const proxy = await startForwardProxy();
 * const pool = new HttpPool({ proxy: { httpProxy: proxy.url } });
 * // … proxy.seen → ['127.0.0.1:41234']
 * ```
 */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
