/** Characters of the checksum that prefixes every stored value (8 hex digits). */
export const CHECKSUM_LENGTH = 8;

/**
 * FNV-1a (32-bit) of a string's UTF-16 code units, as 8 lower-case hex digits. Not cryptographic: it
 * catches a changed byte inside a stored value (disk or tool damage that leaves SQLite's page structure
 * intact, so `quick_check` cannot see it), at about a nanosecond a character.
 */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(CHECKSUM_LENGTH, '0');
}
