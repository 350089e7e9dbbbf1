import { RegistryMinersError } from '@registry-miners/utils';

/** Stable codes of {@link GoProxyError}; callers match on these, never on the message. */
export type GoProxyErrorCode =
  /** A module path that cannot be a Go module path (so cannot be case-encoded). */
  | 'ERR_GOPROXY_INVALID_PATH'
  /** A version that cannot be a Go module version (so cannot be case-encoded). */
  | 'ERR_GOPROXY_INVALID_VERSION'
  /** A `GOPROXY` entry (or explicit proxy URL) that is not an absolute http(s) URL. */
  | 'ERR_GOPROXY_INVALID_URL'
  /** The lookup was cancelled through its `AbortSignal`. */
  | 'ERR_GOPROXY_ABORTED'
  /** `GOPROXY=off`: the user forbade module downloads. */
  | 'ERR_GOPROXY_OFF';

/**
 * The error this package throws (besides `TypeError` for invalid arguments). Lookups do not throw
 * for proxy failures: they return `{ status: 'failed' }`; only cancellation throws.
 */
export class GoProxyError extends RegistryMinersError<GoProxyErrorCode> {
  override name = 'GoProxyError';
}
