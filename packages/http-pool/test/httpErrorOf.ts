import { expect } from 'vitest';
import { HttpError } from '@registry-miners/http-pool';

/** The `HttpError` a request rejects with (the test fails if it resolves or rejects with anything else). */
export async function httpErrorOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}
