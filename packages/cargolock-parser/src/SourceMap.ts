/** A 1-based position in the lockfile text. */
export interface Position {
  line: number;
  column: number;
}

const tableHeader = /^\s*\[\[?\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\]?\s*(?:#.*)?$/;

interface Header {
  /** Table name without brackets, e.g. `package`, `metadata`. */
  name: string;
  /** `[[name]]` (array of tables) rather than `[name]`. */
  array: boolean;
  /** 0-based line index. */
  index: number;
}

/**
 * Finds where things are in a lockfile's text, so semantic errors can name a line and column.
 * The TOML parser gives positions only for syntax errors; a lockfile's layout (one header per line,
 * `key = value` lines) is regular enough to scan for the headers and keys directly.
 */
export class SourceMap {
  readonly #lines: string[];
  readonly #headers: Header[] = [];

  constructor(text: string) {
    this.#lines = text.split(/\r?\n/);
    this.#lines.forEach((line, index) => {
      const match = tableHeader.exec(line);
      if (!match?.[1]) return;
      const name = match[1].replace(/["'\s]/g, '');
      this.#headers.push({ name, array: line.trim().startsWith('[['), index });
    });
  }

  /** Position of the `nth` (0-based) `[[name]]` header. */
  arrayHeader(name: string, nth: number): Position | undefined {
    const header = this.#headers.filter((h) => h.array && h.name === name)[nth];
    return header && this.#at(header.index);
  }

  /** Position of the `[name]` header. */
  tableHeader(name: string): Position | undefined {
    const header = this.#headers.find((h) => !h.array && h.name === name);
    return header && this.#at(header.index);
  }

  /**
   * Position of `key = …` in the block that starts at `block` (a header position), or among the
   * top-level keys before the first header when `block` is undefined.
   */
  key(key: string, block?: Position): Position | undefined {
    const start = block ? block.line : 0; // block.line is 1-based: the line after the header
    const next = this.#headers.find((h) => h.index >= start);
    const end = next ? next.index : this.#lines.length;
    const pattern = new RegExp(`^\\s*(["']?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*=`);
    for (let index = start; index < end; index++) {
      if (pattern.test(this.#lines[index] ?? '')) return this.#at(index);
    }
    return undefined;
  }

  /** The line `line` (1-based) with its neighbours and a caret under `column`, for error messages. */
  excerpt(position: Position): string {
    const width = String(position.line + 1).length;
    const out: string[] = [];
    for (let line = Math.max(1, position.line - 1); line <= position.line + 1; line++) {
      const text = this.#lines[line - 1];
      if (text === undefined) continue;
      out.push(`${String(line).padStart(width)} | ${text}`);
      if (line === position.line) out.push(`${' '.repeat(width)} | ${' '.repeat(position.column - 1)}^`);
    }
    return out.join('\n');
  }

  #at(index: number): Position {
    const text = this.#lines[index] ?? '';
    return { line: index + 1, column: text.length - text.trimStart().length + 1 };
  }
}
