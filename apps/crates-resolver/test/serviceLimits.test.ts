import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closedPort } from '@registry-miners/testkit';
import { caseForm, logLines } from './startService.js';
import type { Service } from './startService.js';
import { startService } from './startService.js';

// A service whose index remote is unreachable, with small limits: what a hostile or broken client
// meets, and what an outage upstream looks like. No clone is needed for any of it.
let work: string;
let service: Service;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-resolver-limits-'));
  const dead = `http://127.0.0.1:${await closedPort()}`;
  service = await startService([
    '--cache-dir', join(work, 'cache'), '--index-url', `${dead}/current.git`, '--archive-url', `${dead}/archive.git`,
    '--max-resolutions', '1', '--body-timeout', '3s', '--shutdown-timeout', '500ms', '--workers', '1',
  ]);
}, 60_000);

afterAll(() => {
  service?.child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** A POST that sends its headers and part of its body, then stalls. */
function halfSentUpload(): Promise<Socket> {
  const { hostname, port } = new URL(service.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST /resolve HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 1000\r\nx-request-id: stalled-upload\r\n\r\npublished_time=`);
      resolve(socket);
    });
    socket.on('error', () => {});
  });
}

function responseOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
  });
}

describe('serve under hostile clients and upstream failures', () => {
  test('an unreachable index remote is a 502 with the error code, never a 500', async () => {
    const response = await fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm('tokei-2020-04-20') });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'ERR_INDEX_LIST' });
  }, 30_000);

  test('when every resolution slot is taken, a 503 with Retry-After comes at once', async () => {
    const stalled = await halfSentUpload();
    const answered = responseOf(stalled);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const busy = await fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm('tokei-2020-04-20') });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(await busy.json()).toMatchObject({ code: 'ERR_BUSY' });
    expect(performance.now() - started).toBeLessThan(1000);

    // The stalled upload gets a 408 when its body time runs out, and is logged as 408.
    expect(await answered).toMatch(/^HTTP\/1\.1 408 /);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logLines(service).find((line) => line.reqId === 'stalled-upload')).toMatchObject({ status: 408, code: 'ERR_REQUEST_TIMEOUT' });

    // The slot is free again.
    expect((await fetch(`${service.url}/resolve`, { method: 'POST', body: caseForm('tokei-2020-04-20') })).status).toBe(502);
  }, 30_000);

  test('a half-sent upload does not hold the process after SIGTERM beyond the shutdown deadline', async () => {
    const stalled = await halfSentUpload();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(143);
    // Cut by the 500 ms deadline, not by the 3 s body timeout.
    expect(logLines(service).map((line) => line.msg)).toContain('shutdown deadline reached: closing the remaining connections');
    expect(performance.now() - started).toBeLessThan(2900);
    stalled.destroy();
  }, 30_000);
});
