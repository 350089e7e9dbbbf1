/**
 * The GOPROXY protocol's case-encoding: every ASCII capital becomes `!` and its lower case, so that
 * paths stay distinct on case-insensitive file systems (`BurntSushi` → `!burnt!sushi`).
 * Callers validate first: the input must not already contain `!`.
 */
export function caseEncode(text: string): string {
  if (!/[A-Z]/.test(text)) return text;
  return text.replace(/[A-Z]/g, (capital) => `!${capital.toLowerCase()}`);
}
