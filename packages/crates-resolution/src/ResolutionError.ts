import { RegistryMinersError } from '@registry-miners/utils';

/** Stable codes of {@link ResolutionError}; callers match on these, never on the message. */
export type ResolutionErrorCode =
  /** The package list is empty: there is nothing to resolve. */
  | 'ERR_NO_PACKAGES'
  /** The repository source gave no repository at all (an empty array, or `undefined` for index 0). */
  | 'ERR_NO_REPOSITORIES'
  /** No repository has a commit at or before the publish time (or before the anchor commit). */
  | 'ERR_PUBLISHED_BEFORE_HISTORY'
  /** None of the packages is in the index at the upper bound of the first searched repository. */
  | 'ERR_NONE_FOUND_AT_PUBLISH'
  /** A repository is not a crates.io index (no commits, or no `config.json` / index-shaped tree at the root). */
  | 'ERR_NOT_A_CRATES_INDEX'
  /** A repository is a shallow clone: its history is cut short, so "the oldest commit" would be wrong. */
  | 'ERR_SHALLOW_REPOSITORY'
  /** A git object (commit, tree, blob) or reference could not be read: a broken or incomplete clone. */
  | 'ERR_READ'
  /** The `anchor` crate version is not in the index at the head of the first repository. */
  | 'ERR_ANCHOR_NOT_FOUND'
  /** The search was cancelled through `options.signal`; `cause` is the signal's reason. */
  | 'ERR_ABORTED';

/** The facts of a {@link ResolutionError} (its `details`). */
export interface ResolutionErrorDetails {
  /** The repository the error is about (its git directory), when there is one. */
  repository?: string | undefined;
}

/**
 * The one error {@link findRegistryResolution} rejects with (besides `TypeError` for invalid
 * arguments): a `RegistryMinersError` with a stable `code`, a `hint` beside the message, and the
 * repository concerned in `details.repository`.
 *
 * @example
 * ```ts
 * try {
 *   await findRegistryResolution([repo], packages, published);
 * } catch (error) {
 *   if (error instanceof ResolutionError && error.code === 'ERR_PUBLISHED_BEFORE_HISTORY') console.error(error.hint);
 *   else throw error;
 * }
 * ```
 */
export class ResolutionError extends RegistryMinersError<ResolutionErrorCode, ResolutionErrorDetails> {
  override name = 'ResolutionError';
}
