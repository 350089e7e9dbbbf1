import { expectedTypeError } from '@registry-miners/utils';
/**
 * Path of a crate's file in the crates.io index, relative to the repository root.
 *
 * The name is lowercased first; then 1 character → `1/a`, 2 → `2/ab`, 3 → `3/a/abc`,
 * 4 or more → `se/rd/serde` (first two characters, next two characters, name).
 *
 * @example entryPath('Serde') // 'se/rd/serde'
 * @throws {TypeError} when `name` is not a non-empty string.
 */
export function entryPath(name: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw expectedTypeError('name', 'a non-empty crate name', name);
  }
  const lower = name.toLowerCase();
  switch (lower.length) {
    case 1:
      return `1/${lower}`;
    case 2:
      return `2/${lower}`;
    case 3:
      return `3/${lower.slice(0, 1)}/${lower}`;
    default:
      return `${lower.slice(0, 2)}/${lower.slice(2, 4)}/${lower}`;
  }
}
