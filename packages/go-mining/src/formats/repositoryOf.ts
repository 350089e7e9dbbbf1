import { isRepositoryUrl } from '@registry-miners/go-repository';
import type { LookupRecord } from '../state/LookupRecord.js';
import { recordSources } from '../repository/RepositorySource.js';

/** Where a row's repository URL came from; `none` when no source gave one. */
export type RowRepositorySource = 'origin' | 'hosts' | 'go-get' | 'none';

export const ROW_REPOSITORY_SOURCES: readonly RowRepositorySource[] = ['origin', 'hosts', 'go-get', 'none'];

/** The repository written for a row, and, when the proxy's Origin URL was refused, that raw value. */
export interface RowRepository {
  source: RowRepositorySource;
  /** A URL with a scheme and a host, or undefined when `source` is `none`. */
  url: string | undefined;
  /** The Origin URL as the proxy sent it, when it is not a URL with a scheme and a host. */
  invalidOriginUrl: string | undefined;
}

/**
 * The first answer among the record's sources, in order origin, hosts, go-get. Every URL is checked
 * again here (also in states written before the check existed): a value that is not a URL with a
 * scheme and host is never written as a repository.
 */
export function repositoryOf(lookup: LookupRecord | undefined): RowRepository {
  const originUrl = lookup?.status === 'found' ? lookup.url : undefined;
  const invalidOriginUrl = originUrl !== undefined && !isRepositoryUrl(originUrl) ? originUrl : undefined;
  if (lookup === undefined) return { source: 'none', url: undefined, invalidOriginUrl };
  if (originUrl !== undefined && invalidOriginUrl === undefined && recordSources(lookup.sources).includes('origin')) {
    return { source: 'origin', url: originUrl, invalidOriginUrl };
  }
  const inferred = lookup.repository;
  if (inferred !== undefined && isRepositoryUrl(inferred.url)) return { source: inferred.source, url: inferred.url, invalidOriginUrl };
  return { source: 'none', url: undefined, invalidOriginUrl };
}
