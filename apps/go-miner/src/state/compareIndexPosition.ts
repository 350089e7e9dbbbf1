/**
 * Compares two non-negative decimal integers written without leading zeros (micros since the epoch)
 * without converting them to BigInt: shorter is smaller, then lexicographic.
 */
export function compareMicros(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders index entries by (micros, ordinal): the index's own order. */
export function compareIndexPosition(aMicros: string, aOrdinal: number, bMicros: string, bOrdinal: number): number {
  return compareMicros(aMicros, bMicros) || aOrdinal - bOrdinal;
}
