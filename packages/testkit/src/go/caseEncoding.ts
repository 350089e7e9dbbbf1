/**
 * The GOPROXY case-encoding of module paths and versions: every uppercase ASCII letter is written as
 * `!` followed by its lowercase form, so that paths survive case-insensitive file systems.
 */

/** `github.com/BurntSushi/toml` → `github.com/!burnt!sushi/toml`. */
export function escapeGoPath(text: string): string {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    out += code >= 65 && code <= 90 ? '!' + String.fromCharCode(code + 32) : text[k];
  }
  return out;
}

/**
 * Reverses {@link escapeGoPath}. Returns `undefined` for text that is not validly escaped: a raw
 * uppercase letter, or a `!` not followed by a lowercase letter (the proxy answers 400 to both).
 */
export function unescapeGoPath(text: string): string | undefined {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code >= 65 && code <= 90) return undefined;
    if (code === 33 /* ! */) {
      const next = text.charCodeAt(k + 1);
      if (!(next >= 97 && next <= 122)) return undefined;
      out += String.fromCharCode(next - 32);
      k += 1;
    } else {
      out += text[k];
    }
  }
  return out;
}
