import type { RetryEvent } from '@registry-miners/http-pool';
import type { ProgressReporter } from '@registry-miners/progress';

/**
 * An http-pool `onRetry` that tells the user about the first retry of a pool, with its reason and
 * wait, so that a run that cannot reach a registry is never silent; later retries only count in the
 * summary.
 *
 * @example
 * ```ts
 * new HttpPool({ onRetry: firstRetryLogger('index', progress) });
 * // retrying: GET https://index.golang.org/index?… failed (connection refused (ECONNREFUSED)); next attempt in 0.2 s (later retries are counted in the summary)
 * ```
 */
export function firstRetryLogger(what: string, progress: ProgressReporter | undefined): ((event: RetryEvent) => void) | undefined {
  if (progress === undefined) return undefined;
  let told = false;
  return (event) => {
    if (told) return;
    told = true;
    progress.log(
      `retrying ${what} request: GET ${event.url} failed (${event.reason}); next attempt in ${(event.delayMs / 1000).toFixed(1)} s ` +
        '(later retries are counted in the summary)',
    );
  };
}
