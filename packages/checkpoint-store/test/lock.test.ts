import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointStore } from '../src/index.js';
import { exited, spawnFixture, waitForLine } from './helpers/childProcess.js';
import { openError } from './helpers/openError.js';
import { useTempDirs } from './helpers/tempDirs.js';

const tempDir = useTempDirs();

describe('writer lock', () => {
  it('refuses a second open in the same process, naming this process, until the first is closed', () => {
    const dir = tempDir();
    const first = CheckpointStore.open(dir);
    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_LOCKED');
    expect(error.holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(error.message).toContain(`this process (pid ${process.pid})`);
    expect(error.hint).toMatch(/close\(\)/);
    // The failed open left the holder's lock and record alone.
    first.commit({ cursors: { still: 'writable' } });
    expect(JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8')).pid).toBe(process.pid);
    first.close();
    expect(existsSync(join(dir, 'lock.json'))).toBe(false);

    const second = CheckpointStore.open(dir);
    expect(second.cursor('still')).toBe('writable');
    expect(second.staleLock).toBeUndefined();
    second.close();
  });

  it('refuses an open while another process holds the store, naming its pid, host and start time; free after it exits', async () => {
    const dir = tempDir();
    const child = spawnFixture('holdOpen', [dir]);
    const ready = await waitForLine(child, 'ready');
    expect(ready).toBe(`ready ${child.pid}`);

    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_LOCKED');
    expect(error.holder?.pid).toBe(child.pid);
    expect(error.holder?.hostname).toBe(hostname());
    expect(Number.isNaN(Date.parse(error.holder?.since ?? ''))).toBe(false);
    expect(error.message).toContain(`pid ${child.pid} on host ${hostname()} since ${error.holder?.since}`);
    expect(error.hint).toContain(`kill ${child.pid}`);

    // A readonly reader does not need the lock and sees what the writer committed.
    const reader = CheckpointStore.open(dir, { readonly: true });
    expect(reader.cursor('holder')).toBe(child.pid);
    reader.close();

    child.stdin?.write('close\n');
    await waitForLine(child, 'closed');
    await exited(child);
    const store = CheckpointStore.open(dir);
    expect(store.staleLock).toBeUndefined(); // clean shutdown
    expect(store.get('owners', String(child.pid))).toEqual({ pid: child.pid });
    store.close();
  });

  it('takes over the lock of a writer killed with SIGKILL and reports it as stale', async () => {
    const dir = tempDir();
    const child = spawnFixture('holdOpen', [dir]);
    await waitForLine(child, 'ready');
    expect(openError(dir).holder?.pid).toBe(child.pid);

    child.kill('SIGKILL');
    await exited(child);
    // lock.json still names the dead process, but the operating system released its lock.
    expect(JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8')).pid).toBe(child.pid);
    const store = CheckpointStore.open(dir);
    expect(store.staleLock?.pid).toBe(child.pid);
    expect(store.cursor('holder')).toBe(child.pid);
    expect(JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8')).pid).toBe(process.pid);
    // And we hold it now: a second open is refused.
    expect(openError(dir).holder?.pid).toBe(process.pid);
    store.close();
  });
});
