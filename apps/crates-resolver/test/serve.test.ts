import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cratesCasesDir, serveBundleOverHttp } from '@registry-miners/testkit';
import type { BundleHttpRemotes } from '@registry-miners/testkit';

let work: string;
let served: BundleHttpRemotes;

interface Service {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  stderr: () => string;
}

function startService(): Promise<Service> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'src/bin.ts', 'serve', '--port', '0', '--cache-dir', join(work, 'cache'),
      '--index-url', served.currentUrl, '--archive-url', served.archiveUrl],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve({ child, url: match[1]!, exited, stderr: () => stderr });
    });
    exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

function caseForm(name: string, published?: string): URLSearchParams {
  const file = JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  return new URLSearchParams({
    lockfile_base64: readFileSync(join(cratesCasesDir, name, 'Cargo.lock')).toString('base64'),
    published_time: published ?? file.published,
  });
}

function expectedOf(name: string) {
  return JSON.parse(readFileSync(join(cratesCasesDir, name, 'case.json'), 'utf8')).expected;
}

let service: Service;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-serve-'));
  served = await serveBundleOverHttp(join(work, 'remotes'));
  service = await startService();
}, 120_000);

afterAll(async () => {
  service?.child.kill('SIGKILL');
  await served?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('serve', () => {
  test('POST /resolve answers the commit hash and our extra fields', async () => {
    const name = 'starship-2020-04-20';
    const response = await fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm(name) });
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

  test('many concurrent requests are served at once, each with its own answer', async () => {
    const names = ['deno-2020-04-23', 'nushell-2020-04-24', 'starship-2020-04-20', 'tokei-2020-04-20'];
    const answers = await Promise.all(
      [...names, ...names].map(async (name) => {
        const response = await fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm(name) });
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
    const response = await fetch(`${service.url}/resolve`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { commit_hash: string }).commit_hash).toBe(expectedOf('tokei-2020-04-20').commit);
  });

  test('bad input is a 400 with a JSON error', async () => {
    const notBase64 = await fetch(`${service.url}/resolve`, {
      method: 'POST',
      body: new URLSearchParams({ lockfile_base64: '%%%', published_time: '2020-04-20T00:00:00Z' }),
    });
    expect(notBase64.status).toBe(400);
    expect(await notBase64.json()).toMatchObject({ error: 'lockfile_base64 is not base64' });

    const notALockfile = await fetch(`${service.url}/resolve`, {
      method: 'POST',
      body: new URLSearchParams({ lockfile_base64: Buffer.from('[package]\nname = "x"\n').toString('base64'), published_time: '2020-04-20T00:00:00Z' }),
    });
    expect(notALockfile.status).toBe(400);
    expect(((await notALockfile.json()) as { code: string }).code).toMatch(/^ERR_CARGOLOCK_/);

    const badTime = await fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm('tokei-2020-04-20', 'yesterday') });
    expect(badTime.status).toBe(400);
    expect(((await badTime.json()) as { error: string }).error).toContain('published_time');

    const missing = await fetch(`${service.url}/resolve`, { method: 'POST', body: new URLSearchParams({ published_time: '2020-04-20T00:00:00Z' }) });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toBe('missing form field lockfile_base64');
  });

  test('wrong method and path', async () => {
    const get = await fetch(`${service.url}/resolve`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${service.url}/nope`)).status).toBe(404);
  });

  test('a publish time after the current index head is a 503 with Retry-After of at most an hour', async () => {
    const response = await fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm('tokei-2020-04-20', '2021-01-01T00:00:00Z') });
    expect(response.status).toBe(503);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(((await response.json()) as { code: string }).code).toBe('ERR_REGISTRY_OUT_OF_DATE');
  });

  test('SIGTERM lets the request in flight finish, then exits 143', async () => {
    const arrived = service.stderr().split('<- POST').length;
    const inFlight = fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm('nushell-2020-04-24') });
    while (service.stderr().split('<- POST').length === arrived) await new Promise((resolve) => setTimeout(resolve, 5));
    service.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { commit_hash: string }).commit_hash).toBe(expectedOf('nushell-2020-04-24').commit);
    expect(await service.exited).toBe(143);
    expect(service.stderr()).toContain('SIGTERM');
  }, 60_000);
});
