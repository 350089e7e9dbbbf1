import { expectedTypeError } from '@registry-miners/utils';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { git } from './git.js';

/** One request the server answered, for assertions. */
export interface GitHttpRequest {
  method: string;
  /** URL path, e.g. `/current.git/info/refs`. */
  path: string;
  /** Query string without `?`, e.g. `service=git-upload-pack`. */
  query: string;
  status: number;
  /** The request's `Content-Encoding` (git gzips larger POST bodies). */
  contentEncoding?: string;
  /** The request's `Git-Protocol` header (`version=2` for protocol v2). */
  gitProtocol?: string;
}

export interface GitHttpServer {
  /** Base URL without a trailing slash: `http://127.0.0.1:PORT`; repositories are `${url}/<name>.git`. */
  url: string;
  /** Requests answered so far, oldest first. */
  requests(): readonly GitHttpRequest[];
  /** Stops listening, drops open connections and ends running `git http-backend` processes. */
  close(): Promise<void>;
}

let httpBackend: Promise<string> | undefined;

/** `git-http-backend` in git's exec path (`git --exec-path`). */
function findHttpBackend(): Promise<string> {
  httpBackend ??= git(['--exec-path']).then((dir) => join(dir.trim(), 'git-http-backend'));
  return httpBackend;
}

/**
 * Serves every git repository under `rootDir` over git's smart HTTP protocol on 127.0.0.1, by
 * running `git http-backend` as a CGI program per request (read-only: fetch and clone).
 *
 * @example
 * const server = await serveGitHttp(remotes.dir);
 * await execFile('git', ['clone', '--bare', `${server.url}/current.git`, 'current']);
 * await server.close();
 */
export async function serveGitHttp(rootDir: string): Promise<GitHttpServer> {
  if (typeof rootDir !== 'string' || rootDir === '') {
    throw expectedTypeError('rootDir', 'a non-empty string', rootDir);
  }
  const projectRoot = resolve(rootDir);
  const backend = await findHttpBackend();
  const log: GitHttpRequest[] = [];
  const children = new Set<ChildProcess>();

  const server = createServer((req, res) => {
    const entry: GitHttpRequest = { method: req.method ?? 'GET', path: '', query: '', status: 0 };
    const encoding = req.headers['content-encoding'];
    if (encoding) entry.contentEncoding = encoding;
    const protocol = req.headers['git-protocol'];
    if (typeof protocol === 'string') entry.gitProtocol = protocol;
    res.on('finish', () => {
      entry.status = res.statusCode;
      log.push(entry);
    });

    const url = new URL(req.url ?? '/', 'http://localhost');
    entry.path = decodeURIComponent(url.pathname);
    entry.query = url.search.slice(1);
    if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'identity') {
      return sendText(res, 415, `unsupported Content-Encoding: ${encoding}\n`);
    }
    const child = spawn(backend, [], { env: cgiEnvironment(req, projectRoot, entry), stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    child.on('close', () => children.delete(child));
    relayRequestBody(req, child, encoding === 'gzip', res);
    relayCgiResponse(child, res);
    res.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...log],
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
        for (const child of children) child.kill();
      });
      return closing;
    },
  };
}

/** The CGI/1.1 meta-variables git http-backend reads, plus `HTTP_*` for the request headers. */
function cgiEnvironment(req: IncomingMessage, projectRoot: string, entry: GitHttpRequest): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    SERVER_SOFTWARE: 'registry-miners-testkit',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: entry.method,
    PATH_INFO: entry.path,
    QUERY_STRING: entry.query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
  };
  // A gzip body is inflated here, so its length is unknown: git then reads to end of input.
  const length = req.headers['content-length'];
  if (length !== undefined && req.headers['content-encoding'] !== 'gzip') env['CONTENT_LENGTH'] = length;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'content-type' || name === 'content-length' || name === 'content-encoding') continue;
    // `Git-Protocol: version=2` arrives as HTTP_GIT_PROTOCOL, which git http-backend passes on.
    env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = Array.isArray(value) ? value.join(', ') : value;
  }
  return env;
}

function relayRequestBody(req: IncomingMessage, child: ChildProcess, gzipped: boolean, res: ServerResponse): void {
  const stdin = child.stdin!;
  stdin.on('error', () => {}); // the backend may exit without reading the body; its output says why
  if (!gzipped) {
    req.pipe(stdin);
    return;
  }
  const gunzip = createGunzip();
  gunzip.on('error', (error) => {
    child.kill();
    if (!res.headersSent) sendText(res, 400, `cannot inflate the gzip request body: ${error.message}\n`);
  });
  req.pipe(gunzip).pipe(stdin);
}

/** Parses the CGI response (`Status:` and other headers, a blank line, the body) into `res`. */
function relayCgiResponse(child: ChildProcess, res: ServerResponse): void {
  const stdout = child.stdout!;
  const stderr: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  let head: Buffer | undefined = Buffer.alloc(0);

  stdout.on('data', (chunk: Buffer) => {
    if (res.writableEnded) return;
    if (head === undefined) {
      if (!res.write(chunk)) {
        stdout.pause();
        res.once('drain', () => stdout.resume());
      }
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = headerEnd(head);
    if (end === undefined) return;
    const { status, headers } = parseCgiHeaders(head.subarray(0, end.at).toString('latin1'));
    const body = head.subarray(end.at + end.length);
    head = undefined;
    res.writeHead(status, headers);
    if (body.length > 0) res.write(body);
  });
  child.on('close', (code, signal) => {
    if (res.writableEnded) return;
    if (head !== undefined) {
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      return sendText(res, 502, `git http-backend gave no CGI response (${why}): ${Buffer.concat(stderr).toString('utf8')}\n`);
    }
    res.end();
  });
  child.on('error', (error) => {
    if (!res.headersSent) sendText(res, 500, `cannot run git http-backend: ${error.message}\n`);
    else res.destroy(error);
  });
}

function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return undefined;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { at: crlf, length: 4 };
  return { at: lf, length: 2 };
}

function parseCgiHeaders(text: string): { status: number; headers: OutgoingHttpHeaders } {
  let status = 200;
  const headers: Record<string, string | string[]> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = Number.parseInt(value, 10) || 500;
      continue;
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { status, headers };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
