/**
 * Where a crate's file lives in a crates.io index: the name lowercased; 1 char `1/a`, 2 chars
 * `2/ab`, 3 chars `3/a/abc`, 4+ chars `se/rd/serde`.
 */
export function cratesIndexPath(name: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new TypeError(`cratesIndexPath: not a crate name: ${JSON.stringify(name) ?? String(name)}`);
  }
  const lower = name.toLowerCase();
  if (lower.length === 1) return `1/${lower}`;
  if (lower.length === 2) return `2/${lower}`;
  if (lower.length === 3) return `3/${lower.slice(0, 1)}/${lower}`;
  return `${lower.slice(0, 2)}/${lower.slice(2, 4)}/${lower}`;
}
