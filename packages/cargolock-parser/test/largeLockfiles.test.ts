import { describe, expect, it } from 'vitest';
import { CargoLockError, cratesIoPackages, parseCargoLock } from '@registry-miners/cargolock-parser';
import { formatCargoLock, syntheticLockPackages } from '@registry-miners/testkit';

// Parse time at these sizes is measured by `pnpm bench` (bench/parse.bench.ts); these tests prove
// that the positions the source map gives stay exact deep into a large file.
const SIZE = 20_000;

function catchError(text: string): CargoLockError {
  try {
    parseCargoLock(text, { fileName: 'big/Cargo.lock' });
  } catch (error) {
    if (error instanceof CargoLockError) return error;
    throw error;
  }
  throw new Error('expected a CargoLockError');
}

describe(`a ${SIZE}-package lockfile`, () => {
  const text = formatCargoLock(syntheticLockPackages(SIZE));

  it('parses every package, in file order', () => {
    const packages = cratesIoPackages(parseCargoLock(text));
    expect(packages).toHaveLength(SIZE);
    expect(packages[SIZE - 1]).toEqual({ name: `crate-${SIZE - 1}`, version: `1.${(SIZE - 1) % 7}.${(SIZE - 1) % 13}` });
  });

  it('names the exact line of a bad field in the last package', () => {
    const lines = text.split('\n');
    const last = lines.lastIndexOf(`name = "crate-${SIZE - 1}"`);
    lines[last + 1] = 'version = 42';
    const error = catchError(lines.join('\n'));
    expect(error.code).toBe('ERR_CARGOLOCK_INVALID_PACKAGE');
    expect(error.message).toContain(`package #${SIZE}: "version" must be a non-empty string`);
    expect(error.details.line).toBe(last + 2);
  });

  it('names both lines of a package listed twice, far apart', () => {
    const again = formatCargoLock([{ name: 'crate-0', version: '1.0.0' }]).split('\n').slice(4).join('\n');
    const error = catchError(`${text}\n${again}`);
    expect(error.message).toMatch(/package #20001 \(crate-0 1\.0\.0\) is listed twice \(first as package #1 at line 5\)/);
    expect(error.details.line).toBe(text.split('\n').length + 1);
  });
});

it('an inline package array of 20,000 tables is located once, not per package', () => {
  const entries = syntheticLockPackages(SIZE).map(({ name, version }) => `{ name = "${name}", version = "${version}" }`);
  entries[SIZE - 1] = '{ name = "last" }';
  const error = catchError(`version = 3\npackage = [\n${entries.join(',\n')},\n]\n`);
  expect(error.message).toContain(`package #${SIZE} (last) has no "version" field`);
  expect(error.details.line).toBe(2);
});
