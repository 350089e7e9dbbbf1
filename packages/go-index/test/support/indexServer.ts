import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** One index line as the fake serves it. */
export interface FakeEntry {
  Path: string;
  Version: string;
  Timestamp: string;
  /** Listed only with `include=all`. */
  hidden?: boolean;
}

export interface FakeIndexOptions {
  /** Largest page served whatever `limit` asks. @default 2000 */
  maxLimit?: number;
  /** Delay before each answer. @default 0 */
  delayMs?: number;
  /** Takes over a request (return true when it answered). */
  intercept?: (req: IncomingMessage, res: ServerResponse, requestNumber: number) => boolean;
}

export interface FakeIndex {
  url: string;
  /** Raw request targets (`/index?since=…`), in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * The instant of an RFC 3339 timestamp in µs, computed independently of the code under test
 * (Date.parse for the seconds, the fraction digits by hand).
 */
export function instant(ts: string): bigint {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (match === null) throw new Error(`test instant(): bad timestamp ${ts}`);
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) throw new Error(`test instant(): bad timestamp ${ts}`);
  return BigInt(ms) * 1000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

/**
 * A minimal index.golang.org: `since` inclusive (compared as instants), `limit`, `include=all`,
 * entries sorted by instant (stable: entries sharing an instant keep their given order).
 * An unparsable `since` (e.g. a `+` decoded as a space) gets `400 bad request`.
 */
export async function startFakeIndex(entries: readonly FakeEntry[], options: FakeIndexOptions = {}): Promise<FakeIndex> {
  const { maxLimit = 2000, delayMs = 0 } = options;
  const sorted = entries
    .map((entry, position) => ({ entry, micros: instant(entry.Timestamp), position }))
    .sort((a, b) => (a.micros === b.micros ? a.position - b.position : a.micros < b.micros ? -1 : 1));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const requestNumber = requests.push(req.url ?? '');
    const answer = (): void => {
      if (options.intercept?.(req, res, requestNumber)) return;
      const url = new URL(req.url ?? '/', 'http://fake');
      if (url.pathname !== '/index') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const since = url.searchParams.get('since');
      let from = -1n;
      if (since !== null) {
        try {
          from = instant(since);
        } catch {
          res.writeHead(400, { 'content-type': 'text/plain' }).end(`bad request: invalid since ${JSON.stringify(since)}`);
          return;
        }
      }
      const limit = Math.min(maxLimit, Number(url.searchParams.get('limit') ?? 2000));
      const all = url.searchParams.get('include') === 'all';
      // Binary search for the first entry at or after `since`.
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (sorted[middle]!.micros < from) low = middle + 1;
        else high = middle;
      }
      const lines: string[] = [];
      for (let index = low; index < sorted.length && lines.length < limit; index++) {
        const { entry } = sorted[index]!;
        if (entry.hidden && !all) continue;
        lines.push(JSON.stringify({ Path: entry.Path, Version: entry.Version, Timestamp: entry.Timestamp }));
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(lines.map((line) => `${line}\n`).join(''));
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Returns a starter of fake indexes whose servers are closed after each test. */
export function fakeIndexesClosedAfterEach(): (entries: readonly FakeEntry[], options?: FakeIndexOptions) => Promise<FakeIndex> {
  const open: FakeIndex[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (entries, options) => {
    const server = await startFakeIndex(entries, options);
    open.push(server);
    return server;
  };
}
