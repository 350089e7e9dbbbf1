import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CargoLockError, cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import { cratesCasesDir } from '@registry-miners/testkit';

interface CaseFile {
  expected: { total: number };
}

const cases = (await readdir(cratesCasesDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);

describe('real lockfiles from testkit fixtures', () => {
  it('has cases to test', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s: the crates.io packages match case.json expected.total', async (name) => {
    const dir = join(cratesCasesDir, name);
    const expected = (JSON.parse(await readFile(join(dir, 'case.json'), 'utf8')) as CaseFile).expected;
    const lock = await readCargoLock(join(dir, 'Cargo.lock'));
    const packages = cratesIoPackages(lock);
    expect(packages).toHaveLength(expected.total);
    expect([1, 2]).toContain(lock.version);
    // Every crates.io package has a checksum, inline (v2) or from [metadata] (v1).
    const registry = lock.packages.filter((p) => p.source?.startsWith('registry+'));
    expect(registry.every((p) => /^[0-9a-f]{64}$/.test(p.checksum ?? ''))).toBe(true);
    // Path packages are in the lockfile but not in the lookup.
    expect(lock.packages.length).toBeGreaterThanOrEqual(packages.length);
  });

  it('tells v1 ([metadata] checksums) from v2 (inline checksums) as the README says: 3 and 5', async () => {
    const versions = await Promise.all(cases.map(async (name) => (await readCargoLock(join(cratesCasesDir, name, 'Cargo.lock'))).version));
    expect(versions.filter((v) => v === 1)).toHaveLength(3);
    expect(versions.filter((v) => v === 2)).toHaveLength(5);
  });
});

describe('readCargoLock', () => {
  it('wraps read errors with the path', async () => {
    const missing = join(cratesCasesDir, 'no-such-case', 'Cargo.lock');
    const error = await readCargoLock(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CargoLockError);
    expect(error).toMatchObject({ code: 'ERR_CARGOLOCK_READ', details: { file: missing } });
    expect((error as CargoLockError).message).toContain(`${missing}: cannot read the lockfile (ENOENT)`);
    expect((error as CargoLockError).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('names a directory given by mistake', async () => {
    const error = await readCargoLock(cratesCasesDir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CARGOLOCK_READ', hint: expect.stringContaining('not its directory') });
  });
});
