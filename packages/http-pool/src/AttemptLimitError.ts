import { RegistryMinersError } from '@registry-miners/utils';

/** Why one attempt was cut short by the pool's own limits (never seen by callers: turned into an {@link HttpError}). */
export type AttemptLimitCode = 'ERR_HTTP_BODY_TOO_LARGE' | 'ERR_HTTP_RESPONSE_TIMEOUT';

/**
 * An attempt stopped by a limit: the body grew past `maxBodyBytes` (before or after decoding), or the
 * whole response did not arrive within its deadline. `details.status` is set when the headers had come.
 */
export class AttemptLimitError extends RegistryMinersError<AttemptLimitCode, { readonly status: number | undefined }> {
  override name = 'AttemptLimitError';
}
