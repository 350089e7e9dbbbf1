import type { GoImport } from './parseGoMeta.js';
import { hasPathPrefix } from './pathPrefix.js';

export type GoImportMatch =
  | { status: 'match'; import: GoImport }
  /** No tag's prefix covers the path. */
  | { status: 'no-match'; prefixes: string[] }
  /** More than one tag covers the path: the go command refuses to choose, and so do we. */
  | { status: 'ambiguous'; prefixes: string[] };

/**
 * The go-import tag that answers `path`: its prefix must equal the path or lead it at a `/`
 * boundary. `mod` entries are ignored (they name a module proxy, not a repository), as the go
 * command does when it looks for a repository; several matching tags are no answer.
 *
 * @example
 * matchGoImport(parseGoMeta(html).imports, 'cloud.google.com/go/storage');
 */
export function matchGoImport(imports: readonly GoImport[], path: string): GoImportMatch {
  const repositories = imports.filter((entry) => entry.vcs !== 'mod');
  const matching = repositories.filter((entry) => hasPathPrefix(path, entry.prefix));
  if (matching.length === 1) return { status: 'match', import: matching[0]! };
  if (matching.length > 1) return { status: 'ambiguous', prefixes: matching.map((entry) => entry.prefix) };
  return { status: 'no-match', prefixes: repositories.map((entry) => entry.prefix) };
}
