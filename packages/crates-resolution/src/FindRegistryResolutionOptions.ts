import type { LockPackage } from '@registry-miners/cargolock-parser';
import type { ResolutionCache } from './ResolutionCache.js';
import type { SearchEvent } from './SearchEvent.js';

/**
 * Options of {@link findRegistryResolution}, in their own module because the search across
 * repositories reads them too (and must not import the entry point that calls it).
 */
export interface FindRegistryResolutionOptions {
  /**
   * The crate version being rebuilt, when known: the search's upper bound becomes the first index
   * commit holding it (searched from the head of the first repository, continuing into older
   * repositories while it is present at their boundary) instead of `publishTime`. Use it because
   * crates.io's `created_at` can precede the commit that added the version to the index.
   * @default undefined (the upper bound is `publishTime`)
   * @example { name: 'serde', version: '1.0.106' }
   */
  anchor?: LockPackage | undefined;
  /**
   * Receives progress events (repositories entered, commits counted, the outcome per repository),
   * e.g. to print them with `--verbose`. Called synchronously; must not throw.
   * @default undefined
   * @example (event) => console.error(JSON.stringify(event))
   */
  onEvent?: ((event: SearchEvent) => void) | undefined;
  /**
   * Cancels the search: it rejects with a ResolutionError `ERR_ABORTED` at the next step.
   * @default undefined
   * @example AbortSignal.timeout(30_000)
   */
  signal?: AbortSignal | undefined;
  /**
   * Keeps what this search reads (trees, index files' version lists, commit histories) for the
   * next searches of the process, bounded: pass one cache to every call of a service or batch.
   * Answers are the same with or without it.
   * @default undefined (the search reads everything it needs)
   * @example new ResolutionCache({ maxBytes: 64 * 1024 * 1024 })
   */
  cache?: ResolutionCache | undefined;
}
