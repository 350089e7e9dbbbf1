import { describe, expect, it } from 'vitest';
import { PartitionIndex, partitionBounds, partitionOfPath } from '../src/RunPartitions.js';

/** A path drawn from a few shapes: short hosts, the common `github.com/` prefix, long shared prefixes. */
function randomPath(random: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789-._~/ABCXYZ';
  const tail = Array.from({ length: Math.floor(random() * 12) }, () => letters[Math.floor(random() * letters.length)]).join('');
  const prefixes = ['a.io/', 'github.com/', 'github.com/kubernetes/', 'github.com/kubernetes/kubernetes-sigs-x', 'go.x', ''];
  return `${prefixes[Math.floor(random() * prefixes.length)]}${tail}`;
}

describe('PartitionIndex', () => {
  it('places every path after the bounds at or below it, as the strings compare', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const sample = Array.from({ length: 4000 }, () => randomPath(random));
    const bounds = partitionBounds(sample, 64);
    const index = new PartitionIndex(bounds);
    // Random paths, the bounds themselves, and each bound with a byte more or less.
    const paths = [...Array.from({ length: 20_000 }, () => randomPath(random)), ...bounds, ...bounds.map((bound) => `${bound}-`), ...bounds.map((bound) => bound.slice(0, -1))];
    for (const path of paths) {
      const expected = bounds.filter((bound) => bound <= path).length;
      const bytes = Buffer.from(`##${path}##`, 'latin1');
      expect(index.partitionOf(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 2, 2 + path.length), path).toBe(expected);
      expect(partitionOfPath(bounds, path)).toBe(expected);
    }
  });
});
