import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { HttpPool } from '@registry-miners/http-pool';

/** What the server saw, for assertions. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Requests received so far. */
  readonly requests: number;
  /** Requests being answered right now. */
  readonly inFlight: number;
  /** Most requests answered at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: { requests: number; inFlight: number }) => void;

/** A real HTTP server on 127.0.0.1 and an ephemeral port, counting connections and concurrent requests. */
export async function startServer(handler: Handler): Promise<LocalServer> {
  let connections = 0;
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    requests++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight--;
    });
    handler(req, res, { requests, inFlight });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}


/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What a test opened: its pool and its server. */
export interface OpenedByTest {
  server?: LocalServer;
  pool?: HttpPool;
}

/** Holds the pool and server of the running test and closes them after it, so that none leaks into the next. */
export function closedAfterEach(): OpenedByTest {
  const open: OpenedByTest = {};
  afterEach(async () => {
    await open.pool?.close();
    await open.server?.close();
    delete open.pool;
    delete open.server;
  });
  return open;
}
