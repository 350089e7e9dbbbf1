import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive, syncDirectory, syncDirectorySync, writeFileAtomically } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'utils-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('syncDirectory', () => {
  it('syncs a directory, and refuses a missing path or a file', async () => {
    await expect(syncDirectory(root)).resolves.toBeUndefined();
    expect(() => syncDirectorySync(root)).not.toThrow();
    await expect(syncDirectory(join(root, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => syncDirectorySync(join(root, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    const file = join(root, 'plain-file');
    writeFileSync(file, 'x');
    await expect(syncDirectory(file)).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(() => syncDirectorySync(file)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('writeFileAtomically', () => {
  it('creates and replaces a file, leaving no temporary file behind', async () => {
    const dir = join(root, 'write');
    mkdirSync(dir);
    const file = join(dir, 'state.json');
    await writeFileAtomically(file, '{"a":1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    await writeFileAtomically(file, new TextEncoder().encode('{"a":2}\n'));
    expect(readFileSync(file, 'utf8')).toBe('{"a":2}\n');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('keeps the old contents and removes its temporary file when the rename fails', async () => {
    const dir = join(root, 'blocked');
    mkdirSync(join(dir, 'target'), { recursive: true });
    writeFileSync(join(dir, 'target', 'inside'), 'kept');
    // A directory in the way: rename() fails after the temporary file was written and synced.
    await expect(writeFileAtomically(join(dir, 'target'), 'new')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(readdirSync(dir)).toEqual(['target']);
    expect(readFileSync(join(dir, 'target', 'inside'), 'utf8')).toBe('kept');
  });

  it('fails on a missing directory without creating anything', async () => {
    await expect(writeFileAtomically(join(root, 'nowhere', 'state.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('isProcessAlive', () => {
  it('tells a running process from one that exited', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const exited = spawnSync(process.execPath, ['-e', '0']);
    expect(exited.status).toBe(0);
    expect(isProcessAlive(exited.pid!)).toBe(false);
  });

  it('refuses ids that kill() reads as process groups', () => {
    expect(() => isProcessAlive(0)).toThrow('Expected `pid` to be an integer from 1 up, got 0');
    expect(() => isProcessAlive(-1)).toThrow(TypeError);
  });
});
