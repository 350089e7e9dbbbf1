import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveBundleOverHttp } from '@registry-miners/testkit';
import type { BundleHttpRemotes } from '@registry-miners/testkit';
import { runCli } from './runCli.js';
import { caseForm, expectedOf, logLines, metric, startService } from './startService.js';
import type { Service } from './startService.js';

let work: string;
let served: BundleHttpRemotes;
let service: Service;
let cacheDir: string;
/** The first /readyz answer, asked the moment the service listened (before its warm-up clone finished). */
let firstReadiness: { status: number; body: Record<string, unknown> };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-serve-'));
  served = await serveBundleOverHttp(join(work, 'remotes'));
  cacheDir = join(work, 'cache');
  service = await startService(['--warm', '--max-body-mb', '1', '--cache-dir', cacheDir, '--index-url', served.currentUrl, '--archive-url', served.archiveUrl]);
  const response = await fetch(`${service.url}/readyz`);
  firstReadiness = { status: response.status, body: (await response.json()) as Record<string, unknown> };
}, 120_000);

afterAll(async () => {
  service?.child.kill('SIGKILL');
  await served?.close();
  rmSync(work, { recursive: true, force: true });
});

async function post(body: URLSearchParams | FormData, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${service.url}/resolve`, { method: 'POST', body, headers });
}

/**
 * POSTs a form to /resolve on a connection of its own, not a keep-alive socket that earlier requests used
 * (whose close by the server could race with this request). A failure carries the service's log.
 */
function postOnOwnConnection(form: URLSearchParams): Promise<{ status: number; text: string }> {
  const body = form.toString();
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) };
    const request = httpRequest(`${service.url}/resolve`, { method: 'POST', agent: false, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  }).catch((error: unknown) => {
    throw new Error(`POST /resolve failed: ${(error as Error).message}\nservice log:\n${service.stderr().slice(-4000)}`, { cause: error });
  });
}

describe('serve', () => {
  test('/healthz answers at once; /readyz turns true once the warm-up cloned the index and listed the snapshots', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect(firstReadiness.status).toBe(503);
    expect(firstReadiness.body).toMatchObject({ ready: false, currentIndex: 'missing' });
    let readiness: Response;
    for (;;) {
      readiness = await fetch(`${service.url}/readyz`);
      if (readiness.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await readiness.json()).toMatchObject({ ready: true, currentIndex: 'ready', snapshotList: 'known' });
  }, 120_000);

  test('POST /resolve answers the commit hash and our extra fields', async () => {
    const name = 'starship-2020-04-20';
    const response = await post(caseForm(name));
    expect(response.status).toBe(200);
    const expected = expectedOf(name);
    expect(await response.json()).toEqual({
      commit_hash: expected.commit,
      commit: expected.commit,
      time: expected.time,
      found: expected.found,
      total: expected.total,
      missing: [],
    });
  }, 120_000);

  test('many concurrent requests are served at once, each with its own answer (both repositories, both workers)', async () => {
    const names = ['bat-lock-2020-03-22-published-2020-03-28', 'deno-2020-04-23', 'nushell-2020-04-24', 'tokei-2020-03-30'];
    const answers = await Promise.all(
      [...names, ...names, ...names].map(async (name) => {
        const response = await post(caseForm(name));
        return { name, status: response.status, body: (await response.json()) as { commit_hash: string } };
      }),
    );
    for (const { name, status, body } of answers) {
      expect(status).toBe(200);
      expect(body.commit_hash).toBe(expectedOf(name).commit);
    }
  }, 120_000);

  test('multipart forms are accepted too', async () => {
    const form = new FormData();
    for (const [key, value] of caseForm('tokei-2020-04-20')) form.set(key, value);
    const response = await post(form);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { commit_hash: string }).commit_hash).toBe(expectedOf('tokei-2020-04-20').commit);
  });

  test('bad input is a 400 with a JSON error and code', async () => {
    const notBase64 = await post(new URLSearchParams({ lockfile_base64: '%%%', published_time: '2020-04-20T00:00:00Z' }));
    expect(notBase64.status).toBe(400);
    expect(await notBase64.json()).toEqual({ error: 'lockfile_base64 is not base64', code: 'ERR_BAD_REQUEST' });

    const notALockfile = await post(
      new URLSearchParams({ lockfile_base64: Buffer.from('[package]\nname = "x"\n').toString('base64'), published_time: '2020-04-20T00:00:00Z' }),
    );
    expect(notALockfile.status).toBe(400);
    expect(((await notALockfile.json()) as { code: string }).code).toMatch(/^ERR_CARGOLOCK_/);

    const badTime = await post(caseForm('tokei-2020-04-20', 'yesterday'));
    expect(badTime.status).toBe(400);
    expect(((await badTime.json()) as { error: string }).error).toContain('published_time');

    const missing = await post(new URLSearchParams({ published_time: '2020-04-20T00:00:00Z' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toBe('missing form field lockfile_base64');
  });

  test('a large bad input is not echoed back: the answer stays small', async () => {
    const huge = 'x'.repeat(600_000);
    const badTime = await post(caseForm('tokei-2020-04-20', huge));
    expect(badTime.status).toBe(400);
    const text = await badTime.text();
    expect(text.length).toBeLessThan(1000);
    expect(text).not.toContain('xxxxxxxxxx');

    const garbage = await post(new URLSearchParams({ lockfile_base64: Buffer.from(`[[package]]\n${'y'.repeat(600_000)}\n`).toString('base64'), published_time: '2020-04-20T00:00:00Z' }));
    expect(garbage.status).toBe(400);
    expect((await garbage.text()).length).toBeLessThan(1000);
  });

  test('a body over --max-body-mb is a 413', async () => {
    const response = await post(new URLSearchParams({ lockfile_base64: 'A'.repeat(2 * 1024 * 1024), published_time: '2020-04-20T00:00:00Z' }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'ERR_BODY_TOO_LARGE' });
  });

  test('a publish time in the future is a 400', async () => {
    const response = await post(caseForm('tokei-2020-04-20', new Date(Date.now() + 86_400_000).toISOString()));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'ERR_PUBLISHED_IN_FUTURE' });
  });

  test('a publish time before the history is a 422 naming no server path', async () => {
    const response = await post(caseForm('tokei-2020-04-20', '2019-06-01T00:00:00Z'));
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'ERR_PUBLISHED_BEFORE_HISTORY' });
    expect(text).toContain('snapshot-2020-03-25');
    expect(text).not.toContain(cacheDir);
    expect(text).not.toContain(work);
  });

  test('wrong method and path', async () => {
    const get = await fetch(`${service.url}/resolve`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${service.url}/nope`)).status).toBe(404);
  });

  test('a publish time after the current index head is a 503 with Retry-After of at most an hour', async () => {
    const response = await post(caseForm('tokei-2020-04-20', '2021-01-01T00:00:00Z'));
    expect(response.status).toBe(503);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(((await response.json()) as { code: string }).code).toBe('ERR_REGISTRY_OUT_OF_DATE');
  });

  test('/metrics counts requests, resolutions and clones, and reports the cache sizes', async () => {
    const resolved = 'crates_resolver_resolutions_total{outcome="ok"}';
    const requests = 'crates_resolver_http_requests_total{route="/resolve",status="200"}';
    const before = [await metric(service.url, resolved), await metric(service.url, requests)];
    expect((await post(caseForm('hyperfine-2020-04-01'))).status).toBe(200);
    expect(await metric(service.url, resolved)).toBe(before[0]! + 1);
    expect(await metric(service.url, requests)).toBe(before[1]! + 1);
    expect(await metric(service.url, 'crates_resolver_index_operation_duration_seconds_count{operation="clone",ok="true"}')).toBe(2);
    expect(await metric(service.url, 'crates_resolver_resolution_cache_bytes')).toBeGreaterThan(0);
    expect(await metric(service.url, 'crates_resolver_index_cache_bytes')).toBeGreaterThan(1_000_000);
    expect(await metric(service.url, 'crates_resolver_http_request_duration_seconds_count{route="/resolve"}')).toBeGreaterThan(0);
  });

  test('the client\'s X-Request-Id is echoed and logged with the request; otherwise one is made up', async () => {
    const response = await post(caseForm('tokei-2020-04-20'), { 'x-request-id': 'rebuild-42' });
    expect(response.headers.get('x-request-id')).toBe('rebuild-42');
    await response.json();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = logLines(service).find((entry) => entry.reqId === 'rebuild-42');
    expect(line).toMatchObject({ msg: 'request', method: 'POST', path: '/resolve', status: 200 });
    expect(typeof line!.time).toBe('string');
    expect(typeof line!.durationMs).toBe('number');

    const other = await fetch(`${service.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a second process on the same cache directory refuses with a clear error', async () => {
    const second = await runCli(['serve', '--port', '0', '--cache-dir', cacheDir, '--index-url', served.currentUrl, '--archive-url', served.archiveUrl]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/cache directory .* is in use by process \d+/);
    expect(second.stdout).not.toContain('listening');
  }, 60_000);

  test('SIGTERM lets the request in flight finish, then exits 143', async () => {
    const inFlight = postOnOwnConnection(caseForm('nushell-lock-2020-03-21-published-2020-03-27'));
    while ((await metric(service.url, 'crates_resolver_resolutions_in_flight')) === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    service.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((JSON.parse(response.text) as { commit_hash: string }).commit_hash).toBe(expectedOf('nushell-lock-2020-03-21-published-2020-03-27').commit);
    expect(await service.exited).toBe(143);
    expect(logLines(service).map((line) => line.msg)).toContain('stopped');
  }, 60_000);
});
