import type { GoGetDiscovery } from '@registry-miners/go-repository';
import { isRepositoryUrl, repositoryFromHosts } from '@registry-miners/go-repository';
import type { LookupRecord } from '../state/LookupRecord.js';
import type { RepositorySource } from './RepositorySource.js';

/**
 * Completes a lookup record with the repository sources asked for, in order: `origin` (the proxy's
 * Origin URL, when it is a URL), then `hosts` (static rules, no request), then `go-get` (the module's
 * host, through {@link GoGetDiscovery}, whose answers live in the state). A failed lookup stays
 * failed: nothing is inferred for it. With only `origin`, records are left as the proxy made them.
 */
export class RepositoryInference {
  readonly #sources: readonly RepositorySource[];
  readonly #discovery: GoGetDiscovery | undefined;
  /** The sources as stored in records (`undefined` for the default, `origin` alone). */
  readonly key: string | undefined;

  constructor(sources: readonly RepositorySource[], discovery: GoGetDiscovery | undefined) {
    if (sources.includes('go-get') && discovery === undefined) throw new TypeError('the go-get source needs a GoGetDiscovery');
    this.#sources = sources;
    this.#discovery = discovery;
    this.key = sources.length === 1 && sources[0] === 'origin' ? undefined : sources.join(',');
  }

  /** Whether `record` was completed with these sources (else it needs {@link complete}, without a new proxy request). */
  isCurrent(record: LookupRecord): boolean {
    return record.status === 'failed' || record.sources === this.key;
  }

  async complete(path: string, record: LookupRecord, signal: AbortSignal | undefined): Promise<LookupRecord> {
    const completed: LookupRecord = { ...record };
    delete completed.sources;
    delete completed.repository;
    delete completed.goGet;
    if (this.key === undefined || record.status === 'failed') return completed;
    completed.sources = this.key;
    if (this.#sources.includes('origin') && record.status === 'found' && isRepositoryUrl(record.url)) return completed;
    if (this.#sources.includes('hosts')) {
      const root = repositoryFromHosts(path);
      if (root) {
        completed.repository = { source: 'hosts', url: root.url, vcs: root.vcs, root: root.root };
        return completed;
      }
    }
    if (this.#discovery) {
      const outcome = await this.#discovery.discover(path, { signal });
      if (outcome.status === 'found') completed.repository = { source: 'go-get', url: outcome.url, vcs: outcome.vcs, root: outcome.prefix };
      else completed.goGet = `${outcome.code}: ${outcome.reason}`;
    }
    return completed;
  }
}
