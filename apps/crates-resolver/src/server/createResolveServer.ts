import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { CargoLockError, cratesIoPackages, parseCargoLock } from '@registry-miners/cargolock-parser';
import { RegistryOutOfDateError } from '@registry-miners/crates-index-manager';
import type { IndexManager } from '@registry-miners/crates-index-manager';
import { CliError, ExitCode } from '../CliError.js';
import { resolutionJson } from '../formatResolution.js';
import { parsePublishedTime } from '../parsePublishedTime.js';
import { resolutionFailure } from '../resolutionFailure.js';
import { resolveWithManager } from '../resolveWithManager.js';
import { RequestBodyError, readForm } from './readForm.js';
import type { SnapshotListCache } from './SnapshotListCache.js';

/** The reference service caps Retry-After at one hour. */
const MAX_RETRY_AFTER_SECONDS = 3600;

export interface ResolveServiceOptions {
  manager: IndexManager;
  snapshots: SnapshotListCache;
  /** A line when a request arrives, and one when it is answered (status, milliseconds). */
  log?: (line: string) => void;
}

/**
 * The reference registry service on the wire: `POST /resolve` with form fields `lockfile_base64` and
 * `published_time` answers `{"commit_hash": …}` plus our fields (time, found, total, missing); 400 with a
 * JSON error for bad input; 503 with Retry-After while the current index is older than the publish time.
 */
export function createResolveServer(options: ResolveServiceOptions): Server {
  return createServer((request, response) => {
    const started = Date.now();
    options.log?.(`<- ${request.method} ${request.url}`);
    handle(options, request, response)
      .catch((error: unknown) => sendError(response, 500, 'ERR_INTERNAL', (error as Error).message))
      .finally(() => options.log?.(`-> ${request.method} ${request.url} ${response.statusCode} ${Date.now() - started}ms`));
  });
}

async function handle(options: ResolveServiceOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz') return sendJson(response, 200, { ok: true });
  if (path !== '/resolve') return sendError(response, 404, 'ERR_NOT_FOUND', `no such endpoint ${path}: use POST /resolve`);
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return sendError(response, 405, 'ERR_METHOD', 'use POST with form fields lockfile_base64 and published_time');
  }

  // A client that goes away releases everything its search acquired.
  const aborted = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) aborted.abort();
  });
  try {
    const form = await readForm(request);
    const published = parsePublishedTime(requiredField(form, 'published_time'), 'published_time');
    const packages = cratesIoPackages(parseCargoLock(decodeBase64(requiredField(form, 'lockfile_base64')), { fileName: 'lockfile_base64' }));
    const available = await options.snapshots.get();
    const { resolution } = await resolveWithManager(options.manager, available, packages, published, { signal: aborted.signal });
    sendJson(response, 200, { commit_hash: resolution.commit, ...resolutionJson(resolution) });
  } catch (error) {
    sendFailure(response, error);
  }
}

function sendFailure(response: ServerResponse, error: unknown): void {
  if (error instanceof RegistryOutOfDateError) {
    const untilUpdate = Math.ceil((error.nextUpdateTime.getTime() - Date.now()) / 1000);
    const retryAfter = untilUpdate > 0 ? untilUpdate : Math.ceil(error.updateIntervalMs / 1000);
    response.setHeader('retry-after', String(Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, retryAfter))));
    return sendError(response, 503, error.code, error.message);
  }
  if (error instanceof RequestBodyError) return sendError(response, error.status, 'ERR_BAD_REQUEST', error.message);
  if (error instanceof CargoLockError) return sendError(response, 400, error.code, error.message);
  const failure = resolutionFailure(error);
  if (failure instanceof CliError) {
    const code = (failure.cause as { code?: string } | undefined)?.code ?? 'ERR_BAD_REQUEST';
    return sendError(response, failure.exitCode === ExitCode.badInput ? 400 : 500, code, failure.message);
  }
  sendError(response, 500, (error as { code?: string }).code ?? 'ERR_INTERNAL', (error as Error).message);
}

function requiredField(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') {
    throw new CliError(`missing form field ${name}`, { exitCode: ExitCode.badInput });
  }
  return value;
}

function decodeBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) {
    throw new CliError('lockfile_base64 is not base64', { exitCode: ExitCode.badInput });
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: message, code });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
