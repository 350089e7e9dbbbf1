import { describe, expect, it } from 'vitest';
import { parseGitProgress } from '../src/index.js';

describe('parseGitProgress', () => {
  it('reads the counters, bytes and rate of a receiving line', () => {
    expect(parseGitProgress('Receiving objects:  45% (4500/10000), 12.50 MiB | 3.00 MiB/s')).toEqual({
      phase: 'Receiving objects',
      percent: 45,
      done: 4500,
      total: 10000,
      bytes: 13_107_200,
      bytesPerSecond: 3_145_728,
    });
  });

  it('reads remote phases and final lines', () => {
    expect(parseGitProgress('remote: Counting objects: 100% (12/12), done.')).toEqual({ phase: 'Counting objects', percent: 100, done: 12, total: 12 });
    expect(parseGitProgress('Resolving deltas:   7% (70/1000)')).toMatchObject({ phase: 'Resolving deltas', percent: 7 });
    expect(parseGitProgress('Receiving objects: 100% (3/3), 512 bytes | 512.00 KiB/s, done.')).toMatchObject({ bytes: 512, bytesPerSecond: 524_288 });
  });

  it('ignores other lines', () => {
    expect(parseGitProgress("Cloning into bare repository 'x'...")).toBeUndefined();
    expect(parseGitProgress('fatal: repository not found')).toBeUndefined();
  });
});
