import { RegistryMinersError } from '@registry-miners/utils';

/** Stable codes of {@link GoMinerError}. Callers match on `code`, never on the message. */
export type GoMinerErrorCode =
  /** The state directory was made for another index URL or another `--include-all` mode. */
  | 'ERR_STATE_MISMATCH'
  /** `status` / `export` found no state directory. */
  | 'ERR_NO_STATE'
  /** The state directory was written by an incompatible go-miner version. */
  | 'ERR_STATE_VERSION'
  /** `export` was asked for before the crawl finished and IDs were assigned. */
  | 'ERR_CRAWL_INCOMPLETE'
  /** `export --format csv` would have to write `nan` for modules whose lookup failed or never ran. */
  | 'ERR_EXPORT_UNRESOLVED'
  /** The Go module proxy failed every request in a row (unreachable, or only errors): stopped early, state kept. */
  | 'ERR_PROXY_UNAVAILABLE'
  /** The output file could not be written. */
  | 'ERR_OUTPUT'
  /** A crawl run file of the state directory is missing or damaged (modified outside go-miner). */
  | 'ERR_STATE_CORRUPT'
  /** Whoever read a stream output (stdout, a FIFO) stopped reading (EPIPE): a normal end, exit 0. */
  | 'ERR_OUTPUT_CLOSED'
  /** The job was interrupted (SIGINT/SIGTERM or an aborted signal); state was flushed. */
  | 'ERR_ABORTED';

/** The one error class of the Go job's own domain (state, phases, export). */
export class GoMinerError extends RegistryMinersError<GoMinerErrorCode> {
  override name = 'GoMinerError';
}
