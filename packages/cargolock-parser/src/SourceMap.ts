/** A 1-based position in the lockfile text. */
export interface Position {
  line: number;
  column: number;
}

const tableHeader = /^\s*\[\[?\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\]?\s*(?:#.*)?$/;

/**
 * Finds where things are in a lockfile's text, so semantic errors can name a line and column.
 * The TOML parser gives positions only for syntax errors; a lockfile's layout (one header per line,
 * `key = value` lines) is regular enough to scan for the headers and keys directly.
 *
 * 1. The constructor scans the lines once, recording every header's line index (ascending) and,
 *    per name, the line indexes of its `[[name]]` headers and of its first `[name]` header.
 * 2. Lookups are then O(1) (the nth array header, a table header) or O(log headers + block length)
 *    (a key in a block): the parser asks for one position per package, so anything that rescans
 *    the headers per lookup makes parsing quadratic in the number of packages.
 */
export class SourceMap {
  readonly #lines: string[];
  /** 0-based line index of every header, ascending. */
  readonly #headerLines: number[] = [];
  /** Line indexes of the `[[name]]` headers, by name, in file order. */
  readonly #arrayHeaders = new Map<string, number[]>();
  /** Line index of the first `[name]` header, by name. */
  readonly #tableHeaders = new Map<string, number>();

  constructor(text: string) {
    this.#lines = text.split(/\r?\n/);
    this.#lines.forEach((line, index) => {
      const match = tableHeader.exec(line);
      if (!match?.[1]) return;
      const name = match[1].replace(/["'\s]/g, '');
      this.#headerLines.push(index);
      if (line.trim().startsWith('[[')) {
        const indexes = this.#arrayHeaders.get(name);
        if (indexes) indexes.push(index);
        else this.#arrayHeaders.set(name, [index]);
      } else if (!this.#tableHeaders.has(name)) {
        this.#tableHeaders.set(name, index);
      }
    });
  }

  /** Position of the `nth` (0-based) `[[name]]` header. */
  arrayHeader(name: string, nth: number): Position | undefined {
    const index = this.#arrayHeaders.get(name)?.[nth];
    return index === undefined ? undefined : this.#at(index);
  }

  /** Position of the `[name]` header. */
  tableHeader(name: string): Position | undefined {
    const index = this.#tableHeaders.get(name);
    return index === undefined ? undefined : this.#at(index);
  }

  /**
   * Position of `key = …` in the block that starts at `block` (a header position), or among the
   * top-level keys before the first header when `block` is undefined.
   */
  key(key: string, block?: Position): Position | undefined {
    const start = block ? block.line : 0; // block.line is 1-based: the line after the header
    const end = this.#nextHeaderLine(start) ?? this.#lines.length;
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

  /** The first header line index >= `start` (binary search over the ascending header lines). */
  #nextHeaderLine(start: number): number | undefined {
    const lines = this.#headerLines;
    let low = 0;
    let high = lines.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (lines[middle]! < start) low = middle + 1;
      else high = middle;
    }
    return lines[low];
  }

  #at(index: number): Position {
    const text = this.#lines[index] ?? '';
    return { line: index + 1, column: text.length - text.trimStart().length + 1 };
  }
}
