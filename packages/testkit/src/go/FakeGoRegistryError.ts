/** Why a spawned fake Go registry could not be used. */
export type FakeGoRegistryErrorCode = 'ERR_FAKE_GO_REGISTRY_START' | 'ERR_FAKE_GO_REGISTRY_EXITED';

/** Failure of a fake Go registry running in a child process (see `spawnFakeGoRegistry`). */
export class FakeGoRegistryError extends Error {
  override readonly name = 'FakeGoRegistryError';
  readonly code: FakeGoRegistryErrorCode;
  readonly hint: string | undefined;

  constructor(code: FakeGoRegistryErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}
