import { RegistryMinersError } from '@registry-miners/utils';

/** Why a spawned fake Go registry could not be used. */
export type FakeGoRegistryErrorCode =
  /** The child process did not start listening. */
  | 'ERR_FAKE_GO_REGISTRY_START'
  /** The child process exited, or is not running. */
  | 'ERR_FAKE_GO_REGISTRY_EXITED'
  /** `fakeGoRegistryMain` was given bad arguments (it exits 2). */
  | 'ERR_FAKE_GO_REGISTRY_USAGE';

/** Failure of a fake Go registry running in a child process (see `spawnFakeGoRegistry`). */
export class FakeGoRegistryError extends RegistryMinersError<FakeGoRegistryErrorCode> {
  override name = 'FakeGoRegistryError';
}
