/**
 * Small, fast, deterministic 32-bit hashes for the synthetic Go dataset and the fault injector.
 * Not cryptographic; chosen so that every derived value is a pure function of (seed, salt, index).
 */

/** Murmur3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A per-purpose key derived from the dataset seed, so different properties of one index are independent. */
export function saltKey(seed: number, purpose: number): number {
  return fmix32(fmix32(seed ^ 0x5bd1e995) + Math.imul(purpose, 0x9e3779b1));
}

/** Hash of a non-negative integer below 2^32 under a salt key. */
export function hashIndex(key: number, index: number): number {
  return fmix32(fmix32(Math.imul(index | 0, 0x9e3779b1) ^ key) + key);
}

/** FNV-1a over the UTF-16 code units of a string, then mixed with `extra`. */
export function hashString(text: string, extra = 0): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h ^ Math.imul(extra + 1, 0x9e3779b1));
}

/** floor(a / b) for non-negative integers a, b below 2^53, exact despite floating-point division. */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, k) => k.toString(16).padStart(2, '0'));

/** Eight lowercase hex digits of a 32-bit value. */
export function hex8(h: number): string {
  return (
    (HEX_PAIRS[(h >>> 24) & 255] as string) +
    HEX_PAIRS[(h >>> 16) & 255] +
    HEX_PAIRS[(h >>> 8) & 255] +
    HEX_PAIRS[h & 255]
  );
}
