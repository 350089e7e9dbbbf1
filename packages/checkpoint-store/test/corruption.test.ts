import { closeSync, existsSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DirectoryLockError } from '@registry-miners/directory-lock';
import { RegistryMinersError } from '@registry-miners/utils';
import { describe, expect, it } from 'vitest';
import { CheckpointError, CheckpointStore } from '../src/index.js';
import { openError } from './helpers/openError.js';
import { useTempDirs } from './helpers/tempDirs.js';

const tempDir = useTempDirs();

/** A closed store with a few hundred pages of records: 4000 merged into `records`, 1000 still in the journal. */
function populatedStore(): string {
  const dir = tempDir();
  const store = CheckpointStore.open(dir, { compactAfter: 2000 });
  for (let batch = 0; batch < 5; batch += 1) {
    const put = Array.from({ length: 1000 }, (_, i) => ({
      collection: 'modules',
      key: `github.com/owner${(i * 7919 + batch) % 997}/repo${batch * 1000 + i}`,
      value: { version: `v1.${i}.0`, timestamp: new Date(1.6e12 + i * 1000).toISOString(), id: batch * 1000 + i, status: 'ok' },
    }));
    store.commit({ put, cursors: { batch } });
  }
  store.close();
  return dir;
}

function expectLockReleased(dir: string): void {
  // A failed open must not leave the lock (or its record) behind.
  expect(existsSync(join(dir, 'lock.json'))).toBe(false);
}

describe('corruption and foreign files', () => {
  it('detects bytes overwritten in the middle of the database file, with the path and a hint', () => {
    const dir = populatedStore();
    const path = join(dir, 'checkpoint.sqlite');
    const pages = statSync(path).size / 4096;
    expect(pages).toBeGreaterThan(50);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(pages / 2) * 4096);
    closeSync(fd);

    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_CORRUPT');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
    expect(error.hint).toContain(`mv '${dir}' '${dir}.corrupt'`);
    expect(error.hint).toMatch(/run again/);
    expectLockReleased(dir);
  });

  it('reports a file that is not SQLite at all as corrupt', () => {
    const dir = tempDir();
    const path = join(dir, 'checkpoint.sqlite');
    writeFileSync(path, Buffer.from('this is a CSV file, not a database\n'.repeat(300)));
    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_CORRUPT');
    expect(error.path).toBe(path);
    expect(error.message).toMatch(/SQLITE_NOTADB/);
    expect(error.hint).toMatch(/Move the directory aside/);
    expectLockReleased(dir);
  });

  it('refuses a store written by a newer schema version', () => {
    const dir = populatedStore();
    const path = join(dir, 'checkpoint.sqlite');
    const raw = new Database(path);
    raw.pragma('user_version = 3');
    raw.close();
    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_FORMAT');
    expect(error.message).toMatch(/newer release .*schema version 3; this release reads version 2/);
    expect(error.hint).toMatch(/another directory/);
    expect((() => {
      try {
        CheckpointStore.open(dir, { readonly: true });
      } catch (e) {
        return (e as CheckpointError).code;
      }
      return 'opened';
    })()).toBe('ERR_CHECKPOINT_FORMAT');
    expectLockReleased(dir);
  });

  it("refuses another tool's SQLite database and leaves it untouched", () => {
    const dir = tempDir();
    const path = join(dir, 'checkpoint.sqlite');
    const raw = new Database(path);
    raw.exec("CREATE TABLE downloads (url TEXT); INSERT INTO downloads VALUES ('https://example.com')");
    raw.close();
    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_FORMAT');
    expect(error.message).toContain('another tool (tables: downloads)');
    const check = new Database(path, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete'); // not switched to WAL
    expect(check.prepare('SELECT url FROM downloads').pluck().all()).toEqual(['https://example.com']);
    check.close();

    const other = tempDir();
    const otherPath = join(other, 'checkpoint.sqlite');
    const withId = new Database(otherPath);
    withId.pragma('application_id = 1234');
    withId.close();
    expect(openError(other).message).toMatch(/application_id 0x4d2/);
  });

  it('reports a stored value that no longer parses as corrupt, in either level', () => {
    const dir = populatedStore();
    const raw = new Database(join(dir, 'checkpoint.sqlite'));
    const merged = raw.prepare("SELECT key FROM records WHERE collection = 'modules' LIMIT 1").pluck().get() as string;
    const journaled = raw.prepare("SELECT key FROM journal WHERE collection = 'modules' LIMIT 1").pluck().get() as string;
    raw.prepare(`UPDATE records SET value = '{"version": "v1' WHERE collection = 'modules' AND key = ?`).run(merged);
    raw.prepare(`UPDATE journal SET value = '[1, 2' WHERE collection = 'modules' AND key = ?`).run(journaled);
    raw.close();
    const store = CheckpointStore.open(dir);
    for (const key of [merged, journaled]) {
      let error: unknown;
      try {
        store.get('modules', key);
      } catch (e) {
        error = e;
      }
      expect((error as CheckpointError).code).toBe('ERR_CHECKPOINT_CORRUPT');
      expect((error as CheckpointError).message).toContain(`record modules/${key}`);
    }
    expect(store.get('modules', 'absent')).toBeUndefined();
    expect(store.count('modules')).toBe(5000);
    store.close();
  });

  it('refuses a store of the previous schema (values without checksums) with a hint', () => {
    const dir = populatedStore();
    const raw = new Database(join(dir, 'checkpoint.sqlite'));
    raw.pragma('user_version = 1');
    raw.close();
    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_FORMAT');
    expect(error.message).toMatch(/older release .*schema version 1, values without checksums/);
    expect(error.hint).toMatch(/Move .* aside and run again/);
  });

  it('catches a changed byte inside a stored value that still parses, in either level and in every read', () => {
    const dir = populatedStore();
    const raw = new Database(join(dir, 'checkpoint.sqlite'));
    const merged = raw.prepare("SELECT key FROM records WHERE collection = 'modules' ORDER BY key LIMIT 1").pluck().get() as string;
    const journaled = raw.prepare("SELECT key FROM journal WHERE collection = 'modules' ORDER BY key DESC LIMIT 1").pluck().get() as string;
    // One character of the JSON, still valid JSON: a letter of the stored key changed.
    const flip = (table: string, key: string): void => {
      const value = raw.prepare(`SELECT value FROM ${table} WHERE collection = 'modules' AND key = ?`).pluck().get(key) as string;
      const at = value.lastIndexOf('"') - 1;
      const changed = value.slice(0, at) + (value[at] === 'x' ? 'y' : 'x') + value.slice(at + 1);
      expect(() => JSON.parse(changed.slice(8))).not.toThrow();
      raw.prepare(`UPDATE ${table} SET value = ? WHERE collection = 'modules' AND key = ?`).run(changed, key);
    };
    flip('records', merged);
    flip('journal', journaled);
    // Damage in the checksum's own digits: another hex digit, and a character that is not one.
    const [otherDigit, notDigit] = raw.prepare("SELECT key FROM records WHERE collection = 'modules' ORDER BY key LIMIT 2 OFFSET 1").pluck().all() as string[];
    const setChecksumDigit = (key: string, digit: (old: string) => string): void => {
      const value = raw.prepare("SELECT value FROM records WHERE collection = 'modules' AND key = ?").pluck().get(key) as string;
      raw.prepare("UPDATE records SET value = ? WHERE collection = 'modules' AND key = ?").run(value.slice(0, 7) + digit(value[7]!) + value.slice(8), key);
    };
    setChecksumDigit(otherDigit!, (old) => (old === '0' ? '1' : '0'));
    setChecksumDigit(notDigit!, (old) => old.toUpperCase() === old ? 'g' : old.toUpperCase());
    raw.close();
    const store = CheckpointStore.open(dir); // quick_check sees nothing: the pages are intact
    const code = (read: () => unknown): unknown => {
      try {
        read();
        return 'read';
      } catch (error) {
        expect((error as CheckpointError).message).toMatch(/does not match its checksum/);
        return (error as CheckpointError).code;
      }
    };
    for (const key of [merged, journaled, otherDigit!, notDigit!]) {
      expect(code(() => store.get('modules', key))).toBe('ERR_CHECKPOINT_CORRUPT');
      expect(code(() => store.getMany('modules', [key]))).toBe('ERR_CHECKPOINT_CORRUPT');
    }
    expect(code(() => [...store.entries('modules')])).toBe('ERR_CHECKPOINT_CORRUPT');
    store.close();
  });

  it('reports a damaged lock file with a hint that it holds no data', () => {
    const dir = populatedStore();
    writeFileSync(join(dir, 'lock.sqlite'), 'garbage'.repeat(1000));
    const error = openError(dir);
    expect(error.code).toBe('ERR_CHECKPOINT_CORRUPT');
    expect(error.path).toBe(join(dir, 'lock.sqlite'));
    expect(error.details).toEqual({ path: join(dir, 'lock.sqlite'), holder: undefined });
    expect(error.hint).toMatch(/holds no data: delete it/);
    // One base for every error of the workspace, the lock package's error kept as the cause.
    expect(error).toBeInstanceOf(RegistryMinersError);
    expect(error.cause).toBeInstanceOf(DirectoryLockError);
  });
});
