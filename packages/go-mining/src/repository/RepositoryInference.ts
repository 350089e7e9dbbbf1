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

  /**
   * The record completed with these sources. A promise only when the go-get source asks the module's
   * host: every lookup comes through here, and most need no network (nor an await).
   */
  complete(path: string, record: LookupRecord, signal: AbortSignal | undefined): LookupRecord | Promise<LookupRecord> {
    const bare = withoutInference(record);
    if (this.key === undefined || record.status === 'failed') return bare;
    const completed: LookupRecord = { ...bare, sources: this.key };
    if (this.#sources.includes('origin') && record.status === 'found' && isRepositoryUrl(record.url)) return completed;
    if (this.#sources.includes('hosts')) {
      const root = repositoryFromHosts(path);
      if (root) {
        completed.repository = { source: 'hosts', url: root.url, vcs: root.vcs, root: root.root };
        return completed;
      }
    }
    return this.#discovery ? this.#discover(path, completed, signal) : completed;
  }

  async #discover(path: string, completed: LookupRecord, signal: AbortSignal | undefined): Promise<LookupRecord> {
    const outcome = await this.#discovery!.discover(path, { signal });
    if (outcome.status === 'found') completed.repository = { source: 'go-get', url: outcome.url, vcs: outcome.vcs, root: outcome.prefix };
    else completed.goGet = `${outcome.code}: ${outcome.reason}`;
    return completed;
  }
}

/**
 * The record without what an inference added (a new object only when there is something to remove: a
 * `delete` would leave an object whose JSON.stringify takes V8's slow path, about a third slower).
 */
function withoutInference(record: LookupRecord): LookupRecord {
  if (record.sources === undefined && record.repository === undefined && record.goGet === undefined) return record;
  const { sources: _sources, repository: _repository, goGet: _goGet, ...bare } = record;
  return bare;
}
