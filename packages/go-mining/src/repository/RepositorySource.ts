/** Where a repository URL may come from, tried in this order. */
export type RepositorySource = 'origin' | 'hosts' | 'go-get';

/** Every source, in the order they are tried. */
export const REPOSITORY_SOURCES: readonly RepositorySource[] = ['origin', 'hosts', 'go-get'];

/** The default: only the proxy's Origin (the csv stays the original tool's). */
export const DEFAULT_REPOSITORY_SOURCES: readonly RepositorySource[] = ['origin'];

/**
 * Parses `origin,hosts,go-get` (any order, any subset, no repeats) into the canonical order.
 * Throws a TypeError naming the bad entry.
 */
export function parseRepositorySources(value: string | readonly string[]): RepositorySource[] {
  const names = (typeof value === 'string' ? value.split(',') : [...value]).map((name) => String(name).trim());
  const chosen = new Set<RepositorySource>();
  for (const name of names) {
    if (!(REPOSITORY_SOURCES as readonly string[]).includes(name)) {
      throw new TypeError(`repository sources must be a comma list of ${REPOSITORY_SOURCES.join(', ')}; received ${JSON.stringify(name)}`);
    }
    if (chosen.has(name as RepositorySource)) throw new TypeError(`repository source ${JSON.stringify(name)} is listed twice`);
    chosen.add(name as RepositorySource);
  }
  if (chosen.size === 0) throw new TypeError('repository sources must name at least one of origin, hosts, go-get');
  return REPOSITORY_SOURCES.filter((source) => chosen.has(source));
}

/** The sources a record was completed with (records without `sources` were made with the default). */
export function recordSources(sources: string | undefined): RepositorySource[] {
  return sources === undefined ? [...DEFAULT_REPOSITORY_SOURCES] : parseRepositorySources(sources);
}
