import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited, spawnFixture, waitForLine } from '@registry-miners/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryLock, DirectoryLockError } from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'directory-lock-'));
  made.push(dir);
  return dir;
}

function acquireError(dir: string, name?: string): DirectoryLockError {
  try {
    DirectoryLock.acquire(dir, { label: 'Test directory', ...(name === undefined ? {} : { name }) }).release();
  } catch (error) {
    expect(error).toBeInstanceOf(DirectoryLockError);
    return error as DirectoryLockError;
  }
  throw new Error(`expected the lock of ${dir} to be refused`);
}

function holderOnDisk(dir: string): unknown {
  return JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8'));
}

describe('DirectoryLock', () => {
  it('refuses a second lock in the same process, naming this process, until the first is released', () => {
    const dir = tempDir();
    const first = DirectoryLock.acquire(dir);
    expect(first.staleHolder).toBeUndefined();
    expect(holderOnDisk(dir)).toEqual(first.holder);

    const error = acquireError(dir);
    expect(error.code).toBe('ERR_DIRECTORY_LOCKED');
    expect(error.message).toBe(`Test directory ${dir} is locked by this process (pid ${process.pid}) since ${first.holder.since}.`);
    expect(error.details).toMatchObject({ dir, holder: first.holder, heldByThisProcess: true });
    expect(error.hint).toMatch(/release that lock/);
    // The refused attempt left the holder's record alone.
    expect(holderOnDisk(dir)).toEqual(first.holder);

    first.release();
    first.release();
    expect(first.released).toBe(true);
    expect(existsSync(join(dir, 'lock.json'))).toBe(false);
    const second = DirectoryLock.acquire(dir);
    expect(second.staleHolder).toBeUndefined();
    second.release();
  });

  it('keeps locks of different names in one directory apart', () => {
    const dir = tempDir();
    const a = DirectoryLock.acquire(dir, { name: 'a' });
    const b = DirectoryLock.acquire(dir, { name: 'b' });
    expect(acquireError(dir, 'a').code).toBe('ERR_DIRECTORY_LOCKED');
    expect(existsSync(join(dir, 'b.json'))).toBe(true);
    a.release();
    b.release();
  });

  it('refuses while another process holds it, naming its pid, host and start time; free once it releases', async () => {
    const dir = tempDir();
    const child = spawnFixture(packageDir, 'test/fixtures/holdLock.ts', [dir]);
    expect(await waitForLine(child, 'ready')).toBe(`ready ${child.pid}`);

    const error = acquireError(dir);
    expect(error.code).toBe('ERR_DIRECTORY_LOCKED');
    const holder = error.details?.holder;
    expect(holder).toMatchObject({ pid: child.pid, hostname: hostname() });
    expect(error.details?.heldByThisProcess).toBe(false);
    expect(error.message).toBe(`Test directory ${dir} is locked by pid ${child.pid} on host ${hostname()} since ${holder?.since}.`);
    expect(error.hint).toContain(`kill ${child.pid}`);

    child.stdin?.write('release\n');
    await waitForLine(child, 'released');
    await exited(child);
    const lock = DirectoryLock.acquire(dir);
    expect(lock.staleHolder).toBeUndefined(); // a clean release
    lock.release();
  });

  it('is free at once when its holder is killed with SIGKILL, and reports the dead holder as stale', async () => {
    const dir = tempDir();
    const child = spawnFixture(packageDir, 'test/fixtures/holdLock.ts', [dir]);
    await waitForLine(child, 'ready');
    expect(acquireError(dir).details?.holder?.pid).toBe(child.pid);

    child.kill('SIGKILL');
    await exited(child);
    // The record still names the dead process; the operating system released its lock.
    expect(holderOnDisk(dir)).toMatchObject({ pid: child.pid });
    const lock = DirectoryLock.acquire(dir);
    expect(lock.staleHolder?.pid).toBe(child.pid);
    expect(holderOnDisk(dir)).toEqual(lock.holder);
    expect(acquireError(dir).details?.heldByThisProcess).toBe(true);
    lock.release();
  });

  it('names the file when the lock file is not one, and the directory when it is missing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lock.sqlite'), 'x'.repeat(4096));
    const invalid = acquireError(dir);
    expect(invalid.code).toBe('ERR_DIRECTORY_LOCK_INVALID');
    expect(invalid.details?.path).toBe(join(dir, 'lock.sqlite'));
    expect(invalid.hint).toContain('delete it');

    const missing = acquireError(join(dir, 'missing'));
    expect(missing.code).toBe('ERR_DIRECTORY_LOCK_IO');
    expect(missing.details?.dir).toBe(join(dir, 'missing'));
    expect(missing.hint).toContain('exists');
  });
});
