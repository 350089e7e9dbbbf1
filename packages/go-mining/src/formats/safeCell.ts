// Characters that break a line for some reader (CSV tools, grep, wc -l, JavaScript line terminators)
// or confuse terminals: C0 controls but TAB, DEL, NEL, U+2028, U+2029.
const BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\u0000': '\\0' };

// A spreadsheet treats a cell starting with these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * `value` on one line: each line break, NUL or other control character (TAB excepted) becomes a
 * visible escape (`\n`, `\r`, `\0`, `\u2028`, …), so no field ever adds a row for a line-based tool.
 */
export function singleLine(value: string): string {
  BREAKING.lastIndex = 0;
  if (!BREAKING.test(value)) return value;
  return value.replace(BREAKING, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A CSV cell made of text from a remote (index, proxy, vanity host): on one line ({@link singleLine}),
 * and prefixed with `'` when it would start with `=`, `+`, `-`, `@`, TAB or CR, as OWASP advises,
 * so a spreadsheet shows it as text instead of evaluating it.
 *
 * @example safeCell('=HYPERLINK("http://evil")') // "'=HYPERLINK(\"http://evil\")"
 */
export function safeCell(value: string): string {
  const line = singleLine(value);
  return FORMULA_START.test(line) ? `'${line}` : line;
}

/** A JSON text with U+2028/U+2029 escaped too (JSON.stringify leaves them raw; JavaScript and some tools end lines at them). */
export function escapeLineSeparators(json: string): string {
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
