/**
 * Orders keys as SQLite's BINARY collation orders their UTF-8 bytes, i.e. by code point. JavaScript's `<`
 * compares UTF-16 code units, which differs only when a surrogate (U+D800–U+DFFF, half of a character
 * above U+FFFF) meets a code unit in U+E000–U+FFFF: the surrogate must sort after.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Maps U+E000–U+FFFF below the surrogates, keeping the order within each range. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
