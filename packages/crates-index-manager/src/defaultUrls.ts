/**
 * The remotes of the crates.io index, the one place that names them: the manager, the snapshot
 * listing and the CLI's option defaults all read these. Also exported alone as
 * `@registry-miners/crates-index-manager/defaultUrls`, so that a CLI can show the defaults in its
 * help without loading nodegit.
 */

/** The live crates.io index (branch `master`). */
export const DEFAULT_CURRENT_URL = 'https://github.com/rust-lang/crates.io-index.git';

/** The archive of squashed crates.io index histories, one `snapshot-YYYY-MM-DD` branch per squash. */
export const DEFAULT_ARCHIVE_URL = 'https://github.com/rust-lang/crates.io-index-archive.git';
