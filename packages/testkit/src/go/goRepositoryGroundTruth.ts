import { goCsvLine, GO_CSV_HEADER, goGroundTruth } from './goGroundTruth.js';
import { goGetTruth } from './goGetBehaviour.js';
import type { GoFeedView } from './GoIndexEntry.js';
import type { SyntheticGoDataset } from './SyntheticGoDataset.js';

/** Where a module's repository URL came from. */
export type GoRepositorySource = 'origin' | 'hosts' | 'go-get' | 'none';

/** One row of the ground truth with repository sources: the URL a correct go-miner writes, and its source. */
export interface GoRepositoryGroundTruthRow {
  readonly id: number;
  readonly path: string;
  readonly url: string | null;
  readonly source: GoRepositorySource;
}

/**
 * The repository a well-known-host rule gives for module `m` (github.com, bitbucket.org, codeberg.org,
 * git.sr.ht: the first three path elements; gitlab.com only with exactly two elements after the host,
 * the rest being ambiguous), or null. Written from the hosts' documented layout, not from the code under test.
 */
export function goHostsTruth(dataset: SyntheticGoDataset, m: number): string | null {
  const shape = dataset.moduleShape(m);
  const parts = shape.path.split('/');
  switch (shape.kind) {
    case 'vanity':
      return null;
    case 'gitlab':
      return parts.length === 3 ? `https://${shape.path}` : null;
    default:
      return `https://${parts.slice(0, 3).join('/')}`;
  }
}

/**
 * The rows a correct go-miner writes with `--repository-sources` `sources` (tried in the order
 * origin, hosts, go-get, whatever order the list has), on the fake registry's answers without faults.
 */
export function* goRepositoryGroundTruth(
  dataset: SyntheticGoDataset,
  sources: ReadonlyArray<Exclude<GoRepositorySource, 'none'>>,
  view: GoFeedView = {},
): IterableIterator<GoRepositoryGroundTruthRow> {
  for (const row of goGroundTruth(dataset, view)) {
    const m = dataset.findModule(row.path)!;
    let url: string | null = null;
    let source: GoRepositorySource = 'none';
    if (sources.includes('origin') && row.url !== null) [url, source] = [row.url, 'origin'];
    if (url === null && sources.includes('hosts')) {
      const hosts = goHostsTruth(dataset, m);
      if (hosts !== null) [url, source] = [hosts, 'hosts'];
    }
    if (url === null && sources.includes('go-get')) {
      const found = goGetTruth(dataset, m);
      if (found !== null) [url, source] = [found.url, 'go-get'];
    }
    yield { id: row.id, path: row.path, url, source };
  }
}

/** The exact `csv` output with `--repository-sources` `sources`. For small datasets. */
export function goRepositoryGroundTruthCsv(
  dataset: SyntheticGoDataset,
  sources: ReadonlyArray<Exclude<GoRepositorySource, 'none'>>,
  view: GoFeedView = {},
): string {
  let out = GO_CSV_HEADER + '\n';
  for (const row of goRepositoryGroundTruth(dataset, sources, view)) {
    out += goCsvLine({ id: row.id, path: row.path, url: row.url, newestVersion: '', newestTimestamp: '', status: row.url === null ? 'no-origin' : 'found' });
  }
  return out;
}
