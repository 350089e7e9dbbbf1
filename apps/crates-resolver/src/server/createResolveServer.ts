import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { IndexManager } from '@registry-miners/crates-index-manager';
import { parsePublishedTime } from '@registry-miners/crates-batch/failure';
import type { ResolutionPool, SnapshotListCache } from '@registry-miners/crates-batch';
import { readForm } from './readForm.js';
import { readiness } from './readiness.js';
import { classifyFailure, httpFailure, ServiceError } from './ServiceFailure.js';
import type { ServiceFailure } from './ServiceFailure.js';
import type { ServiceMetrics } from './ServiceMetrics.js';

/** Limits that keep one client (or a thousand) from taking the process down. */
export interface ServiceLimits {
  /** A larger request body is a 413. */
  maxBodyBytes: number;
  /** A body not fully received within this is a 408. */
  bodyTimeoutMs: number;
  /** Headers not received within this: Node answers 408 and closes. */
  headersTimeoutMs: number;
  /** Resolutions admitted at once; beyond it a 503 with Retry-After, before the body is read. */
  maxResolutions: number;
  /** A resolution taking longer is stopped (503). */
  resolveTimeoutMs: number;
  /** /readyz is false when the current index was last updated longer ago than this. */
  maxIndexAgeMs: number;
}

export interface ResolveServiceOptions {
  manager: IndexManager;
  snapshots: SnapshotListCache;
  pool: ResolutionPool;
  logger: Logger;
  metrics: ServiceMetrics;
  limits: ServiceLimits;
}

/** A publish time this far ahead of the clock is a client error, not a wait for the index. */
const FUTURE_SKEW_MS = 5 * 60_000;
const MAX_TIME_CHARS = 64;
const REQUEST_ID = /^[\w.:@/+-]{1,128}$/;

/**
 * The reference registry service on the wire: `POST /resolve` with form fields `lockfile_base64` and
 * `published_time` answers `{"commit_hash": …}` plus our fields (time, found, total, missing).
 * Also `/healthz` (the process answers), `/readyz` (the index is cloned, fresh, and the snapshot list
 * known) and `/metrics`. Every response carries `X-Request-Id` (the client's, when it sent a sane
 * one) and is logged once with it.
 */
export function createResolveServer(options: ResolveServiceOptions): Server & { inFlight: () => number } {
  let inFlight = 0;
  const server = createServer(
    // Node's own request timeout is only a backstop behind the body timer (which answers 408 itself).
    { headersTimeout: options.limits.headersTimeoutMs, requestTimeout: options.limits.headersTimeoutMs + options.limits.bodyTimeoutMs + 1000 },
    (request, response) => {
    const started = performance.now();
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader('x-request-id', id);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = ['/resolve', '/healthz', '/readyz', '/metrics'].includes(path) ? path : 'other';
    response.once('close', () => {
      // A client that left before its answer is logged as 499 (nginx's "client closed request").
      const status = response.writableFinished ? response.statusCode : 499;
      const seconds = (performance.now() - started) / 1000;
      options.metrics.request(route, status, seconds);
      const code = (response as { errorCode?: string }).errorCode;
      options.logger[status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info'](
        { reqId: id, method: request.method, path, status, durationMs: Math.round(seconds * 1000), ...(code ? { code } : {}) },
        'request',
      );
    });

    const admitted = route === '/resolve' && request.method === 'POST' && inFlight < options.limits.maxResolutions;
    if (admitted) inFlight += 1;
    dispatch(options, request, response, admitted)
      .catch((error: unknown) => {
        options.logger.error({ reqId: id, err: error }, 'unexpected error');
        sendFailure(response, classifyFailure(error));
      })
      .finally(() => {
        if (admitted) inFlight -= 1;
      });
    },
  );
  return Object.assign(server, { inFlight: () => inFlight });

  async function dispatch(options: ResolveServiceOptions, request: IncomingMessage, response: ServerResponse, admitted: boolean): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') return sendJson(response, 200, { ok: true });
    if (path === '/readyz') {
      const state = await readiness(options.manager, options.snapshots, options.limits.maxIndexAgeMs);
      return sendJson(response, state.ready ? 200 : 503, state);
    }
    if (path === '/metrics') {
      const text = await options.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      return void response.end(text);
    }
    if (path !== '/resolve') return sendFailure(response, failure(404, 'ERR_NOT_FOUND', 'no such endpoint: use POST /resolve'));
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return sendFailure(response, failure(405, 'ERR_METHOD', 'use POST with form fields lockfile_base64 and published_time'));
    }
    if (!admitted) {
      return sendFailure(response, failure(503, 'ERR_BUSY', `${options.limits.maxResolutions} resolutions are in progress`, 1), true);
    }
    const outcome = await resolveRequest(options, request, response);
    options.metrics.resolution(outcome.ok ? 'ok' : outcome.failure.code);
    if (outcome.ok) return sendJson(response, 200, outcome.body);
    sendFailure(response, outcome.failure, outcome.failure.status === 408 || outcome.failure.status === 413);
  }
}

async function resolveRequest(
  options: ResolveServiceOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<{ ok: true; body: unknown } | { ok: false; failure: ServiceFailure }> {
  // A client that goes away, or a search past its time, releases everything the search acquired.
  // One controller and a timer cleared at the end: AbortSignal.any/timeout keep every request's
  // signals (and what their listeners hold) alive long after it is answered on Node 20.
  const stop = new AbortController();
  let timedOut = false;
  const onClose = (): void => {
    if (!response.writableFinished) stop.abort(new Error('the client went away'));
  };
  response.once('close', onClose);
  let timer: NodeJS.Timeout | undefined;
  try {
    const form = await readForm(request, { maxBytes: options.limits.maxBodyBytes, timeoutMs: options.limits.bodyTimeoutMs });
    const published = publishedTime(requiredField(form, 'published_time'));
    const lockfile = decodeBase64(requiredField(form, 'lockfile_base64'));
    const available = await options.snapshots.get();
    const tooLong = `the resolution took longer than ${options.limits.resolveTimeoutMs} ms`;
    timer = setTimeout(() => {
      timedOut = true;
      stop.abort(new Error(tooLong));
    }, options.limits.resolveTimeoutMs);
    const outcome = await options.pool.resolve(lockfile, 'lockfile_base64', published, available, stop.signal);
    if (!outcome.ok) {
      if (outcome.failure.kind === 'internal') options.logger.error({ err: outcome.error }, 'resolution failed unexpectedly');
      if (timedOut) {
        return { ok: false, failure: failure(503, 'ERR_RESOLVE_TIMEOUT', tooLong, 5) };
      }
      return { ok: false, failure: httpFailure(outcome.failure) };
    }
    return { ok: true, body: { commit_hash: outcome.resolution.commit, ...outcome.resolution } };
  } catch (error) {
    return { ok: false, failure: classifyFailure(error) };
  } finally {
    clearTimeout(timer);
    response.off('close', onClose);
  }
}

function publishedTime(value: string): Date {
  if (value.length > MAX_TIME_CHARS) {
    throw new ServiceError('ERR_BAD_REQUEST', `published_time is not an RFC 3339 time (${value.length} characters)`, {
      status: 400,
      hint: 'give a date, a time and an offset, e.g. 2020-04-23T01:35:52Z',
    });
  }
  const published = parsePublishedTime(value, 'published_time');
  if (published.getTime() > Date.now() + FUTURE_SKEW_MS) {
    throw new ServiceError('ERR_PUBLISHED_IN_FUTURE', `published_time ${value} is in the future`, {
      status: 400,
      hint: 'give the time the lockfile was published; the index cannot hold what is not published yet',
    });
  }
  return published;
}

function requiredField(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') throw new ServiceError('ERR_BAD_REQUEST', `missing form field ${name}`, { status: 400 });
  return value;
}

function decodeBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) throw new ServiceError('ERR_BAD_REQUEST', 'lockfile_base64 is not base64', { status: 400 });
  return Buffer.from(compact, 'base64').toString('utf8');
}

function failure(status: number, code: string, message: string, retryAfterSeconds?: number): ServiceFailure {
  return { status, code, message, retryAfterSeconds };
}

/** `close`: the request body may be left unread (413, 408, 503 before reading): end the connection after answering. */
function sendFailure(response: ServerResponse, failure: ServiceFailure, close = false): void {
  if (failure.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(failure.retryAfterSeconds));
  if (close) response.setHeader('connection', 'close');
  (response as { errorCode?: string }).errorCode = failure.code;
  sendJson(response, failure.status, { error: failure.message, code: failure.code, ...(failure.hint ? { hint: failure.hint } : {}) });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
