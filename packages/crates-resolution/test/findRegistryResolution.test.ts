import { describe, expect, it } from 'vitest';
import type { Repository } from 'nodegit';
import type { BuiltIndexRepo } from '@registry-miners/testkit';
import { findRegistryResolution, ResolutionError } from '../src/index.js';
import { referenceFindRegistryResolution } from './referenceSearch.js';
import { commitAt, indexRepo, tempDirForFile, recorder, rejection } from './fixtures.js';

const tempDir = tempDirForFile('single');

/** A history over a week: serde 1.0.1 appears on Jan 3 at 10:00; `other` changes daily. */
async function weekHistory(): Promise<{ built: BuiltIndexRepo; repo: Repository }> {
  return indexRepo(tempDir(), [
    { time: '2020-01-01T00:00:00Z', files: { serde: ['1.0.0'], rand: ['0.7.0'] } },
    { time: '2020-01-02T00:00:00Z', files: { other: ['0.1.0'] } },
    { time: '2020-01-03T10:00:00Z', files: { serde: ['1.0.0', '1.0.1'] } },
    { time: '2020-01-03T11:00:00Z', files: { other: ['0.1.0', '0.1.1'] } },
    { time: '2020-01-03T12:00:00Z', files: { rand: ['0.7.0', '0.7.1'] } },
    { time: '2020-01-04T09:00:00Z', files: { other: ['0.1.0', '0.1.1', '0.1.2'] } },
    { time: '2020-01-05T09:00:00Z', files: { other: ['0.1.0', '0.1.1', '0.1.2', '0.1.3'] } },
    { time: '2020-01-06T09:00:00Z', files: { other: ['0.1.0', '0.1.1', '0.1.2', '0.1.3', '0.1.4'] } },
    { time: '2020-01-07T09:00:00Z', files: { serde: ['1.0.0', '1.0.1', '1.0.2'] } },
  ]);
}

describe('findRegistryResolution in one repository', () => {
  it('answers the commit just before the first drop: coarse day steps, then the exact commit', async () => {
    const { built, repo } = await weekHistory();
    const { events, onEvent } = recorder();
    const packages = [
      { name: 'serde', version: '1.0.1' },
      { name: 'rand', version: '0.7.0' },
    ];
    const resolution = await findRegistryResolution([repo], packages, new Date('2020-01-06T12:00:00Z'), { onEvent });
    expect(resolution).toEqual({
      commit: commitAt(built, '2020-01-03T10:00:00Z'),
      time: new Date('2020-01-03T10:00:00Z'),
      found: 2,
      total: 2,
      missing: [],
      repositoryIndex: 0,
    });
    const probes = events.flatMap((e) => (e.type === 'probe' ? [[e.phase, e.time.toISOString(), e.found]] : []));
    // Baseline at the last commit before the publish time (Jan 7 is after it), then one per day.
    expect(probes.slice(0, 3)).toEqual([
      ['baseline', '2020-01-06T09:00:00.000Z', 2],
      ['coarse', '2020-01-04T09:00:00.000Z', 2],
      ['coarse', '2020-01-02T00:00:00.000Z', 1],
    ]);
    expect(probes.at(-1)).toEqual(['fine', '2020-01-02T00:00:00.000Z', 1]);
    expect(events.at(-1)).toMatchObject({ type: 'repository-done', outcome: 'drop', commit: resolution.commit });
  });

  it('uses the commit at the publish time itself as the upper bound (at or before)', async () => {
    const { built, repo } = await weekHistory();
    const resolution = await findRegistryResolution([repo], [{ name: 'serde', version: '1.0.2' }], new Date('2020-01-07T09:00:00Z'));
    expect(resolution.commit).toBe(commitAt(built, '2020-01-07T09:00:00Z'));
  });

  it('answers the oldest commit when the count never drops', async () => {
    const { built, repo } = await weekHistory();
    const resolution = await findRegistryResolution([repo], [{ name: 'serde', version: '1.0.0' }], new Date('2020-01-10T00:00:00Z'));
    expect(resolution.commit).toBe(built.commits[0]!.id);
    expect(resolution.time).toEqual(new Date('2020-01-01T00:00:00Z'));
  });

  it('fails with ERR_PUBLISHED_BEFORE_HISTORY when the publish time precedes the first commit', async () => {
    const { built, repo } = await weekHistory();
    const error = await rejection(findRegistryResolution([repo], [{ name: 'serde', version: '1.0.0' }], new Date('2019-12-31T23:59:59Z')));
    expect(error.code).toBe('ERR_PUBLISHED_BEFORE_HISTORY');
    expect(error.details?.repository).toBe(built.path);
    expect(error.message).toContain('2020-01-01T00:00:00.000Z');
    expect(error.hint).toMatch(/snapshot/);
  });

  it('fails with ERR_NONE_FOUND_AT_PUBLISH when no package is in the index at the publish time', async () => {
    const { repo } = await weekHistory();
    const error = await rejection(
      findRegistryResolution([repo], [{ name: 'serde', version: '1.0.2' }], new Date('2020-01-06T12:00:00Z')),
    );
    expect(error).toBeInstanceOf(ResolutionError);
    expect(error.code).toBe('ERR_NONE_FOUND_AT_PUBLISH');
  });

  it('reports the packages missing at the upper bound instead of resolving fewer silently', async () => {
    const { built, repo } = await weekHistory();
    const packages = [
      { name: 'serde', version: '1.0.1' },
      { name: 'no-such-crate', version: '1.0.0' },
      { name: 'serde', version: '9.9.9' },
      { name: 'rand', version: '0.7.1' },
    ];
    const resolution = await findRegistryResolution([repo], packages, new Date('2020-01-06T12:00:00Z'));
    expect(resolution).toMatchObject({
      commit: commitAt(built, '2020-01-03T12:00:00Z'),
      found: 2,
      total: 4,
      missing: [
        { name: 'no-such-crate', version: '1.0.0' },
        { name: 'serde', version: '9.9.9' },
      ],
    });
  });

  it('counts yanked versions as present', async () => {
    const { built, repo } = await indexRepo(tempDir(), [
      { time: '2020-02-01T00:00:00Z', files: { tokio: ['0.2.0'] } },
      { time: '2020-02-02T00:00:00Z', files: { tokio: ['0.2.0', { vers: '0.2.1', yanked: true }] } },
      { time: '2020-02-03T00:00:00Z', files: { other: ['1.0.0'] } },
    ]);
    const resolution = await findRegistryResolution([repo], [{ name: 'tokio', version: '0.2.1' }], new Date('2020-02-04T00:00:00Z'));
    expect(resolution).toMatchObject({ commit: commitAt(built, '2020-02-02T00:00:00Z'), found: 1, missing: [] });
  });

  it('does not take 1.0.0-alpha for 1.0.0 (the closing quote is part of the match)', async () => {
    const { built, repo } = await indexRepo(tempDir(), [
      { time: '2020-02-01T00:00:00Z', files: { log: ['1.0.0-alpha', '1.0.0-alpha.2'] } },
      { time: '2020-02-02T00:00:00Z', files: { log: ['1.0.0-alpha', '1.0.0-alpha.2', '1.0.0'] } },
      { time: '2020-02-03T00:00:00Z', files: { other: ['1.0.0'] } },
    ]);
    const resolution = await findRegistryResolution([repo], [{ name: 'log', version: '1.0.0' }], new Date('2020-02-04T00:00:00Z'));
    expect(resolution.commit).toBe(commitAt(built, '2020-02-02T00:00:00Z'));
    const alpha = await findRegistryResolution([repo], [{ name: 'log', version: '1.0.0-alpha' }], new Date('2020-02-04T00:00:00Z'));
    expect(alpha.commit).toBe(built.commits[0]!.id);
  });

  it('matches crate names case-insensitively through the index path', async () => {
    const { built, repo } = await indexRepo(tempDir(), [
      { time: '2020-02-01T00:00:00Z', files: { other: ['1.0.0'] } },
      { time: '2020-02-02T00:00:00Z', files: { Inflector: ['0.11.4'] } },
    ]);
    const resolution = await findRegistryResolution([repo], [{ name: 'Inflector', version: '0.11.4' }], new Date('2020-02-03T00:00:00Z'));
    expect(resolution.commit).toBe(built.commits[1]!.id);
  });

  it('keeps the reference semantics: a dip that the day steps skip does not end the search', async () => {
    // b 2.0.0 is added on Jan 2; on Jan 5 its line is removed for two hours (between two day
    // steps) and added back with other content. The day steps (Jan 6 09:00, Jan 5 09:00, …) never
    // land in the dip, so the reference answers the Jan 2 commit, not the commit after the dip.
    const { built, repo } = await indexRepo(tempDir(), [
      { time: '2020-01-01T00:00:00Z', files: { a: ['1.0.0'], b: ['1.0.0'] } },
      { time: '2020-01-02T00:00:00Z', files: { b: ['1.0.0', '2.0.0'] } },
      { time: '2020-01-03T00:00:00Z', files: { other: ['1.0.0'] } },
      { time: '2020-01-05T10:00:00Z', files: { b: ['1.0.0'] } },
      { time: '2020-01-05T12:00:00Z', files: { b: ['1.0.0', { vers: '2.0.0', cksum: 'changed' }] } },
      { time: '2020-01-06T09:00:00Z', files: { other: ['1.0.0', '1.0.1'] } },
      { time: '2020-01-07T09:00:00Z', files: { other: ['1.0.0', '1.0.1', '1.0.2'] } },
    ]);
    const packages = [
      { name: 'a', version: '1.0.0' },
      { name: 'b', version: '2.0.0' },
    ];
    const published = new Date('2020-01-07T10:00:00Z');
    const ours = await findRegistryResolution([repo], packages, published);
    const reference = await referenceFindRegistryResolution([repo], packages, published);
    expect(ours.commit).toBe(commitAt(built, '2020-01-02T00:00:00Z'));
    expect(ours).toEqual(reference);
  });

  it('finds a dip inside the last day like the reference does (the answer is just above it)', async () => {
    // b 2.0.0 is added at 08:00, removed at 10:00, added back (other content) at 12:00. The day step
    // from the upper bound lands on the root (bad), so every commit of Jan 4 is examined from the
    // newest: the first drop is the 10:00 commit, the answer the 12:00 one.
    const { built, repo } = await indexRepo(tempDir(), [
      { time: '2020-01-01T00:00:00Z', files: { a: ['1.0.0'], b: ['1.0.0'] } },
      { time: '2020-01-04T08:00:00Z', files: { b: ['1.0.0', '2.0.0'] } },
      { time: '2020-01-04T10:00:00Z', files: { b: ['1.0.0'] } },
      { time: '2020-01-04T12:00:00Z', files: { b: ['1.0.0', { vers: '2.0.0', cksum: 'changed' }] } },
      { time: '2020-01-04T13:00:00Z', files: { other: ['1.0.0', '1.0.1'] } },
      { time: '2020-01-04T14:00:00Z', files: { other: ['1.0.0', '1.0.1', '1.0.2'] } },
    ]);
    const packages = [
      { name: 'a', version: '1.0.0' },
      { name: 'b', version: '2.0.0' },
    ];
    const published = new Date('2020-01-05T00:00:00Z');
    const ours = await findRegistryResolution([repo], packages, published);
    expect(ours.commit).toBe(commitAt(built, '2020-01-04T12:00:00Z'));
    expect(ours).toEqual(await referenceFindRegistryResolution([repo], packages, published));
  });

  it('documented difference: a version line removed and restored byte for byte between two probes is not seen', async () => {
    // Our commit-exact step takes a file whose blob id is equal at both ends of a range as unchanged
    // inside it. Here b's file is X, then (index 6 from the top) drops 2.0.0, then is X again: the
    // bisection probes X on both sides of the dip and skips it, answering b 2.0.0's first commit;
    // the reference examines every commit of that last day and stops at the dip.
    const commits = [{ time: '2020-01-01T00:00:00Z', files: { a: ['1.0.0'], b: ['1.0.0'] } }];
    for (let k = 0; k < 20; k += 1) {
      const time = `2020-01-04T${String(8 + Math.floor(k / 4)).padStart(2, '0')}:${String((k % 4) * 15).padStart(2, '0')}:00Z`;
      const files =
        k === 0 || k === 14 ? { b: ['1.0.0', '2.0.0'] } : k === 13 ? { b: ['1.0.0'] } : { other: Array.from({ length: k }, (_, v) => `0.${v}.0`) };
      commits.push({ time, files } as (typeof commits)[number]);
    }
    const { built, repo } = await indexRepo(tempDir(), commits);
    const packages = [
      { name: 'a', version: '1.0.0' },
      { name: 'b', version: '2.0.0' },
    ];
    const published = new Date('2020-01-05T00:00:00Z');
    const ours = await findRegistryResolution([repo], packages, published);
    const reference = await referenceFindRegistryResolution([repo], packages, published);
    expect(ours.commit).toBe(built.commits[1]!.id); // k = 0: b 2.0.0 first added
    expect(reference.commit).toBe(built.commits[15]!.id); // k = 14: just above the dip
  });
});
