import { describe, expect, test } from 'vitest';
import { parseCargoLock } from '@registry-miners/cargolock-parser';
import { IndexManagerError, RegistryOutOfDateError } from '@registry-miners/crates-index-manager';
import { findRegistryResolution } from '@registry-miners/crates-resolution';
import { classifyResolutionFailure, parsePublishedTime, ResolutionPoolError } from '../src/index.js';

/** The error a call throws (the real one, from the package that raises it). */
async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('classifyResolutionFailure', () => {
  test('a bad lockfile, publish time or package list is bad input, with its code, message and hint', async () => {
    const lockfile = classifyResolutionFailure(await thrown(() => parseCargoLock('', { fileName: 'Cargo.lock' })));
    expect(lockfile).toMatchObject({ kind: 'bad-input', code: 'ERR_CARGOLOCK_EMPTY' });
    expect(lockfile.message).toContain('Cargo.lock');
    expect(classifyResolutionFailure(await thrown(() => parsePublishedTime('last week', 'published')))).toMatchObject({
      kind: 'bad-input',
      code: 'ERR_BAD_PUBLISHED_TIME',
      message: 'published "last week" is not an RFC 3339 time',
      hint: expect.stringContaining('2020-04-23T01:35:52Z'),
    });
    expect(classifyResolutionFailure(await thrown(() => findRegistryResolution([], [], new Date())))).toMatchObject({ kind: 'bad-input', code: 'ERR_NO_PACKAGES' });
  });

  test('an index behind the publish time is out of date, retried when the next update is due (at most an hour)', () => {
    const now = Date.parse('2020-05-01T00:00:00Z');
    const error = new RegistryOutOfDateError({
      requiredTime: new Date(now),
      headTime: new Date(now - 60_000),
      nextUpdateTime: new Date(now + 90_000),
      updateIntervalMs: 30 * 60_000,
    });
    expect(classifyResolutionFailure(error, now)).toMatchObject({ kind: 'out-of-date', code: 'ERR_REGISTRY_OUT_OF_DATE', retryAfterSeconds: 90 });
    const far = new RegistryOutOfDateError({ ...error.details, nextUpdateTime: new Date(now + 5 * 3_600_000) });
    expect(classifyResolutionFailure(far, now).retryAfterSeconds).toBe(3600);
  });

  test('a failed clone is upstream; a busy or closing cache is unavailable and retried soon', () => {
    expect(classifyResolutionFailure(new IndexManagerError('ERR_INDEX_CLONE', 'clone failed'))).toMatchObject({ kind: 'upstream', retryAfterSeconds: undefined });
    expect(classifyResolutionFailure(new IndexManagerError('ERR_INDEX_CAPACITY', 'full'))).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 5 });
    expect(classifyResolutionFailure(new ResolutionPoolError('ERR_SHUTTING_DOWN', 'closing'))).toMatchObject({ kind: 'unavailable', code: 'ERR_SHUTTING_DOWN' });
  });

  test('anything else is internal, and its message (paths, details) is not passed on', () => {
    for (const error of [new Error('/srv/cache/current: boom'), Object.assign(new Error('x'), { code: 'ENOENT' }), 'a string', new ResolutionPoolError('ERR_WORKER_LOST', 'died')]) {
      expect(classifyResolutionFailure(error)).toEqual({ kind: 'internal', code: 'ERR_INTERNAL', message: 'internal error', hint: 'the log has the details' });
    }
  });
});
