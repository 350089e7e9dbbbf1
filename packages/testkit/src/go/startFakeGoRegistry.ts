import { checkInteger, checkNumber, expectedTypeError } from '@registry-miners/utils';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unescapeGoPath } from './caseEncoding.js';
import { GoFaultInjector, type GoFaultDecision, type GoFaultKind, type GoFaultOptions } from './GoFaultInjector.js';
import { goGetReply } from './goGetBehaviour.js';
import { sendGoGetReply } from './GoGetReply.js';
import { GoGetTraffic, type GoGetTrafficStats } from './GoGetTraffic.js';
import { parseGoTimestampCeilUs } from './goTimestamps.js';
import type { GoProxyReply } from './GoProxyReply.js';
import type { SyntheticGoDataset } from './SyntheticGoDataset.js';

/** Options of {@link startFakeGoRegistry}. */
export interface FakeGoRegistryOptions {
  /** The data to serve. @example new SyntheticGoDataset({ entries: 200_000, modules: 20_000 }) */
  dataset: SyntheticGoDataset;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Delay before every answer, in milliseconds. @default 0 */
  latencyMs?: number;
  /** Delay before index answers; overrides `latencyMs`. @default latencyMs */
  indexLatencyMs?: number;
  /** Delay before proxy answers; overrides `latencyMs`. @default latencyMs */
  proxyLatencyMs?: number;
  /** Faults for both the index and the proxy. @default {} (none) */
  faults?: GoFaultOptions;
  /** Faults for the index only; replaces `faults` there. @default faults */
  indexFaults?: GoFaultOptions;
  /** Faults for the proxy only; replaces `faults` there. @default faults */
  proxyFaults?: GoFaultOptions;
  /** Default and maximum `limit` of an index page, from 1 to 2000. @default 2000 */
  pageLimit?: number;
  /**
   * Compute the dataset's per-module facts before listening (one pass over all entries, seconds for
   * tens of millions). `false` defers it to the first proxy request; the index never needs it.
   * @default true
   */
  prepare?: boolean;
  /**
   * Entries of the `include=all` feed the index shows (a prefix): the index as it was at a past moment.
   * Raise it with `setVisibleEntries()` to let the index grow. The proxy always knows every module.
   * @default dataset.entryCount (the whole feed)
   */
  visibleEntries?: number;
  /** Delay before `?go-get=1` answers (`goGetUrl`). @default latencyMs */
  goGetLatencyMs?: number;
  /**
   * Replaces the `Origin` of proxy answers that have one (hostile-input tests): receives the module
   * path and the Origin served, returns what to serve instead (any JSON value).
   * @default undefined (served as the dataset says)
   */
  rewriteOrigin?: (path: string, origin: Record<string, unknown>) => unknown;
}

/** Which kind of URL a request was for. */
export type FakeGoEndpoint = 'index' | 'info' | 'latest' | 'list' | 'mod' | 'zip' | 'other';

/** Counters of a running fake registry. */
export interface FakeGoRegistryStats {
  /** Every request received. */
  requests: number;
  /** Requests being answered (or hanging) now. */
  inFlight: number;
  /**
   * Most requests in flight at once. Without latency the server answers synchronously, so this stays
   * at 1; with `latencyMs` it shows how much concurrency a client used.
   */
  maxInFlight: number;
  /** Open client connections now. */
  connections: number;
  /** Most client connections open at once (keep-alive pools show up here even without latency). */
  maxConnections: number;
  /** Connections accepted in total (a keep-alive client opens few). */
  connectionsOpened: number;
  byEndpoint: Record<FakeGoEndpoint, number>;
  /** Answers sent, by HTTP status (faults included, resets and hangs excluded). */
  byStatus: Record<string, number>;
  /** Injected faults by kind. */
  faults: Record<GoFaultKind, number>;
  /** Proxy requests with `Disable-Module-Fetch: true` or under `/cached-only`. */
  disableModuleFetchSeen: number;
  /** Proxy requests without it (a bulk client should send it every time). */
  disableModuleFetchMissing: number;
  /** Requests per `User-Agent` (the first 32 distinct values). */
  userAgents: Record<string, number>;
  /** Index entries sent in complete answers. */
  indexEntriesServed: number;
}

/** A running fake of index.golang.org and proxy.golang.org. */
export interface FakeGoRegistry {
  /** `http://HOST:PORT/index`: the index endpoint, to which `?since=…&limit=…` is appended. */
  readonly indexUrl: string;
  /** `http://HOST:PORT/proxy`: the GOPROXY base URL (`/cached-only` below it works too). */
  readonly proxyUrl: string;
  /**
   * `http://HOST:PORT/go-get`: stands in for every module's host, `${goGetUrl}/<path>?go-get=1`
   * answering as that host would (vanity behaviours: `goGetBehaviour`; forges: their own pages).
   */
  readonly goGetUrl: string;
  /** Counters of the `?go-get=1` requests (per path, in flight per host, a log). */
  goGetStats(): GoGetTrafficStats;
  readonly dataset: SyntheticGoDataset;
  /** A snapshot of the counters. */
  stats(): FakeGoRegistryStats;
  /** Number of requests received so far. */
  requests(): number;
  /** Lets the index show the first `count` entries of the feed from now on (see `visibleEntries`). */
  setVisibleEntries(count: number): void;
  /** Zeroes the counters and forgets which URLs already failed. */
  resetStats(): void;
  /** Stops listening and drops every connection (hanging ones included). */
  close(): Promise<void>;
}

const TEXT_PLAIN = 'text/plain; charset=UTF-8';
const NDJSON = 'application/json; charset=utf-8';
const MAX_USER_AGENTS = 32;

interface Reply {
  status: number;
  contentType: string;
  body: Buffer | string;
  headers?: Record<string, string>;
  indexEntries?: number;
}

function text(status: number, body: string, headers?: Record<string, string>): Reply {
  return headers ? { status, contentType: TEXT_PLAIN, body, headers } : { status, contentType: TEXT_PLAIN, body };
}

function checkLatency(name: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : checkNumber(name, value, { min: 0, unit: 'milliseconds' });
}

function emptyStats(): FakeGoRegistryStats {
  return {
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    connections: 0,
    maxConnections: 0,
    connectionsOpened: 0,
    byEndpoint: { index: 0, info: 0, latest: 0, list: 0, mod: 0, zip: 0, other: 0 },
    byStatus: {},
    faults: { serverError: 0, tooManyRequests: 0, reset: 0, hang: 0, fetchTimedOut: 0 },
    disableModuleFetchSeen: 0,
    disableModuleFetchMissing: 0,
    userAgents: {},
    indexEntriesServed: 0,
  };
}

/** Decodes an `application/x-www-form-urlencoded` query as Go's `url.ParseQuery` does (`+` is a space). */
function parseQuery(query: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      if (!out.has(key)) out.set(key, decodeURIComponent(rawValue.replace(/\+/g, ' ')));
    } catch {
      return undefined;
    }
  }
  return out;
}

function fromProxyReply(reply: GoProxyReply): Reply {
  return { status: reply.status, contentType: reply.contentType, body: reply.body };
}

/** A proxy reply whose `Origin` went through `rewrite` (when it has one). */
function rewrittenReply(reply: Reply, path: string, rewrite: (path: string, origin: Record<string, unknown>) => unknown): Reply {
  if (reply.status !== 200) return reply;
  const info = JSON.parse(String(reply.body)) as Record<string, unknown>;
  if (info['Origin'] === undefined) return reply;
  info['Origin'] = rewrite(path, info['Origin'] as Record<string, unknown>);
  return { ...reply, body: JSON.stringify(info) };
}

/**
 * Starts a local fake of index.golang.org (`/index`) and proxy.golang.org (`/proxy`) serving a
 * {@link SyntheticGoDataset}, following the protocol notes in `shared/docs/go-registry-protocol.md`:
 * inclusive `since`, `limit` up to 2000, `include=all`, case-encoded module paths and versions (400 on
 * a raw capital), `.info`/`@latest`/`@v/list`/`.mod`, 404/410 with `text/plain` bodies starting
 * `not found:`, `Disable-Module-Fetch` and `/cached-only` counted in {@link FakeGoRegistryStats}.
 * Keep-alive, no logging.
 *
 * @example
 * const registry = await startFakeGoRegistry({ dataset: new SyntheticGoDataset({ entries: 10_000, modules: 1_000 }) });
 * await fetch(`${registry.indexUrl}?limit=10`);
 * await registry.close();
 */
export async function startFakeGoRegistry(options: FakeGoRegistryOptions): Promise<FakeGoRegistry> {
  if (typeof options !== 'object' || options === null) throw expectedTypeError('options', 'an object of startFakeGoRegistry options', options);
  const { dataset } = options;
  if (typeof dataset !== 'object' || dataset === null || typeof dataset.renderPage !== 'function') {
    throw expectedTypeError('dataset', 'a SyntheticGoDataset', dataset);
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw expectedTypeError('host', 'a host name', host);
  const port = checkInteger('port', options.port ?? 0, { min: 0, max: 65535 });
  const latency = checkLatency('latencyMs', options.latencyMs, 0);
  const indexLatency = checkLatency('indexLatencyMs', options.indexLatencyMs, latency);
  const proxyLatency = checkLatency('proxyLatencyMs', options.proxyLatencyMs, latency);
  const pageLimit = checkInteger('pageLimit', options.pageLimit ?? 2000, { min: 1, max: 2000 });
  const checkVisible = (count: unknown): number => checkInteger('visibleEntries', count, { min: 0, max: dataset.entryCount });
  let visibleEntries = checkVisible(options.visibleEntries ?? dataset.entryCount);
  const indexFaults = new GoFaultInjector(options.indexFaults ?? options.faults ?? {}, false);
  const proxyFaults = new GoFaultInjector(options.proxyFaults ?? options.faults ?? {}, true);
  if (options.prepare ?? true) dataset.prepare();

  let stats = emptyStats();
  let userAgents = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  let maxConnections = 0;
  const hanging = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const goGetTraffic = new GoGetTraffic();
  const goGetLatency = checkLatency('goGetLatencyMs', options.goGetLatencyMs, latency);
  const { rewriteOrigin } = options;

  function indexReply(query: string): Reply {
    const params = parseQuery(query);
    if (params === undefined) return text(400, 'bad request: malformed query\n');
    let start = 0;
    const since = params.get('since');
    if (since !== undefined && since !== '') {
      const us = parseGoTimestampCeilUs(since);
      if (us === undefined) return text(400, `bad request: invalid since parameter ${JSON.stringify(since)}: want RFC 3339\n`);
      start = dataset.firstIndexAtOrAfter(us);
    }
    let limit = pageLimit;
    const rawLimit = params.get('limit');
    if (rawLimit !== undefined && rawLimit !== '') {
      if (!/^\d{1,9}$/.test(rawLimit) || Number(rawLimit) < 1) {
        return text(400, `bad request: invalid limit parameter ${JSON.stringify(rawLimit)}\n`);
      }
      limit = Math.min(Number(rawLimit), pageLimit);
    }
    const page = dataset.renderPage(start, limit, params.get('include') === 'all', visibleEntries);
    return { status: 200, contentType: NDJSON, body: page.body, indexEntries: page.count };
  }

  function proxyReply(rest: string, endpointOut: { endpoint: FakeGoEndpoint }): Reply {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rest);
    } catch {
      return text(400, 'bad request: malformed URL escape\n');
    }
    const at = decoded.indexOf('/@');
    if (at <= 0) return text(404, 'not found: unknown proxy URL\n');
    const escapedPath = decoded.slice(0, at);
    const tail = decoded.slice(at + 1);
    let escapedVersion: string | undefined;
    if (tail === '@latest') endpointOut.endpoint = 'latest';
    else if (tail === '@v/list') endpointOut.endpoint = 'list';
    else if (tail.startsWith('@v/') && tail.indexOf('/', 3) < 0) {
      const file = tail.slice(3);
      const dot = file.lastIndexOf('.');
      const extension = dot < 0 ? '' : file.slice(dot + 1);
      if (extension === 'info' || extension === 'mod' || extension === 'zip') {
        endpointOut.endpoint = extension;
        escapedVersion = file.slice(0, dot);
      } else {
        return text(404, `not found: unknown proxy file ${JSON.stringify(file)}\n`);
      }
    } else {
      return text(404, `not found: unknown proxy URL\n`);
    }
    const path = unescapeGoPath(escapedPath);
    if (path === undefined) return text(400, `bad request: invalid escaped module path ${JSON.stringify(escapedPath)}\n`);
    const m = dataset.findModule(path);
    if (endpointOut.endpoint === 'latest' || endpointOut.endpoint === 'list') {
      if (m === undefined) return text(404, `not found: module ${path}: no matching versions\n`);
      return fromProxyReply(endpointOut.endpoint === 'latest' ? dataset.latestReply(m) : dataset.listReply(m));
    }
    const version = unescapeGoPath(escapedVersion ?? '');
    if (version === undefined || version === '') {
      return text(400, `bad request: invalid escaped version ${JSON.stringify(escapedVersion)}\n`);
    }
    const i = m === undefined ? undefined : dataset.findEntry(m, version);
    if (m === undefined || i === undefined) {
      return text(404, `not found: ${path}@${version}: invalid version: unknown revision ${version}\n`);
    }
    if (endpointOut.endpoint === 'zip') {
      const info = dataset.infoReply(m, i);
      return info.status === 200 ? text(404, `not found: ${path}@${version}: the fake registry serves no zips\n`) : fromProxyReply(info);
    }
    return fromProxyReply(endpointOut.endpoint === 'info' ? dataset.infoReply(m, i) : dataset.modReply(m, i));
  }

  function send(res: ServerResponse, reply: Reply): void {
    stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
    if (reply.indexEntries !== undefined) stats.indexEntriesServed += reply.indexEntries;
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    res.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': String(body.length),
      ...reply.headers,
    });
    res.end(body);
  }

  function sendFault(res: ServerResponse, fault: GoFaultDecision, normal: () => Reply): void {
    stats.faults[fault.kind] += 1;
    switch (fault.kind) {
      case 'hang':
        hanging.add(res);
        res.once('close', () => hanging.delete(res));
        return;
      case 'serverError':
        send(res, text(fault.status, `${fault.status === 500 ? 'internal server error' : fault.status === 502 ? 'bad gateway' : 'service unavailable'}\n`));
        return;
      case 'tooManyRequests':
        send(res, text(429, 'too many requests\n', { 'retry-after': String(fault.retryAfterSeconds) }));
        return;
      case 'fetchTimedOut':
        send(res, text(404, 'not found: fetch timed out\n'));
        return;
      case 'reset': {
        const reply = normal();
        const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
        res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
        return;
      }
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    stats.requests += 1;
    inFlight += 1;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    res.once('close', () => {
      inFlight -= 1;
    });
    const agent = req.headers['user-agent'] ?? '';
    const seen = userAgents.get(agent);
    if (seen !== undefined) userAgents.set(agent, seen + 1);
    else if (userAgents.size < MAX_USER_AGENTS) userAgents.set(agent, 1);

    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    let reply: () => Reply;
    let fault: GoFaultDecision | undefined;
    let delay: number;
    const endpoint: { endpoint: FakeGoEndpoint } = { endpoint: 'other' };
    if (req.method !== 'GET') {
      reply = () => text(405, 'method not allowed\n', { allow: 'GET' });
      delay = 0;
    } else if (pathname === '/index') {
      endpoint.endpoint = 'index';
      fault = indexFaults.decide(url);
      // Rendered now and sent once the latency has passed, as the proxy's answers are: a page then takes
      // `indexLatencyMs` from request to answer, however many other requests are in flight (rendered after
      // the delay, the pages of concurrent requests queued behind each other's rendering).
      const computed = indexReply(q < 0 ? '' : url.slice(q + 1));
      reply = () => computed;
      delay = indexLatency;
    } else if (pathname.startsWith('/proxy/')) {
      let rest = pathname.slice('/proxy/'.length);
      let cachedOnly = false;
      if (rest.startsWith('cached-only/')) {
        rest = rest.slice('cached-only/'.length);
        cachedOnly = true;
      }
      if (cachedOnly || req.headers['disable-module-fetch'] === 'true') stats.disableModuleFetchSeen += 1;
      else stats.disableModuleFetchMissing += 1;
      // Classify now so that the per-endpoint counters include faulted requests.
      let computed = proxyReply(rest, endpoint);
      if (rewriteOrigin && (endpoint.endpoint === 'info' || endpoint.endpoint === 'latest')) {
        const path = unescapeGoPath(decodeURIComponent(rest.slice(0, Math.max(0, rest.indexOf('/@')))));
        if (path !== undefined) computed = rewrittenReply(computed, path, rewriteOrigin);
      }
      fault = proxyFaults.decide(url);
      reply = () => computed;
      delay = proxyLatency;
    } else if (pathname.startsWith('/go-get/') && req.method === 'GET') {
      // A vanity host's page: answered apart, with its own counters (not a proxy or index request).
      const path = decodeURIComponent(pathname.slice('/go-get/'.length));
      const query = q < 0 ? '' : url.slice(q + 1);
      sendGoGetReply(res, goGetReply(dataset, path, query), { traffic: goGetTraffic, path, query, latencyMs: goGetLatency, hanging, timers });
      return;
    } else {
      reply = () => text(404, 'not found\n');
      delay = 0;
    }
    stats.byEndpoint[endpoint.endpoint] += 1;
    const answer = (): void => {
      if (fault !== undefined) sendFault(res, fault, reply);
      else send(res, reply());
    };
    if (delay > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, delay);
      timers.add(timer);
    } else {
      answer();
    }
  }

  const server = createServer({ keepAlive: true, noDelay: true }, handle);
  server.on('connection', (socket) => {
    connections += 1;
    stats.connectionsOpened += 1;
    if (connections > maxConnections) maxConnections = connections;
    socket.once('close', () => {
      connections -= 1;
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let closed: Promise<void> | undefined;

  return {
    indexUrl: `${origin}/index`,
    proxyUrl: `${origin}/proxy`,
    goGetUrl: `${origin}/go-get`,
    goGetStats: () => goGetTraffic.stats(),
    dataset,
    stats() {
      return {
        ...structuredClone(stats),
        inFlight,
        maxInFlight,
        connections,
        maxConnections,
        userAgents: Object.fromEntries(userAgents),
      };
    },
    requests() {
      return stats.requests;
    },
    setVisibleEntries(count) {
      visibleEntries = checkVisible(count);
    },
    resetStats() {
      stats = emptyStats();
      userAgents = new Map();
      maxInFlight = inFlight;
      maxConnections = connections;
      indexFaults.reset();
      proxyFaults.reset();
      goGetTraffic.reset();
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        for (const res of hanging) res.socket?.destroy();
      });
      return closed;
    },
  };
}
