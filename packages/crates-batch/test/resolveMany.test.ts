import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IndexManager } from '@registry-miners/crates-index-manager';
import { cratesCasesDir, makeBundleRemotes } from '@registry-miners/testkit';
import { resolveMany } from '../src/index.js';
import type { BatchResult } from '../src/index.js';

let work: string;
let manager: IndexManager;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crates-batch-many-'));
  const remotes = await makeBundleRemotes(join(work, 'remotes'));
  manager = await IndexManager.open({ cacheDir: join(work, 'cache'), currentUrl: remotes.current.url, archiveUrl: remotes.archive.url });
}, 120_000);

afterAll(async () => {
  await manager?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('resolveMany', () => {
  test('a line per input, bad ones with a classified error; a rerun on the same output skips them all', async () => {
    const { published, expected } = JSON.parse(readFileSync(join(cratesCasesDir, 'tokei-2020-04-20', 'case.json'), 'utf8'));
    const input = join(work, 'inputs.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'tokei', lockfile: join(cratesCasesDir, 'tokei-2020-04-20', 'Cargo.lock'), published }),
        JSON.stringify({ id: 'future-format', lockfile: join(cratesCasesDir, 'tokei-2020-04-20', 'Cargo.lock'), published: '20.4.2020' }),
        '[1, 2]',
      ].join('\n'),
    );
    const output = join(work, 'results.jsonl');
    const seen: number[] = [];
    const first = await resolveMany({ manager, input, output, onProgress: ({ ok, failed }) => seen.push(ok + failed) });
    expect(first).toEqual({ total: 3, ok: 1, failed: 2, skipped: 0 });
    expect(seen.sort()).toEqual([1, 2, 3]);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as BatchResult);
    const byId = new Map(lines.map((line) => [line.id, line]));
    expect(byId.get('tokei')).toMatchObject({ commit: expected.commit, found: expected.found, total: expected.total });
    expect(byId.get('future-format')).toMatchObject({ error: { kind: 'bad-input', code: 'ERR_BAD_PUBLISHED_TIME', retryable: false } });
    expect(byId.get('line-3')).toMatchObject({ error: { kind: 'bad-input', code: 'ERR_BAD_BATCH_INPUT', retryable: false } });

    expect(await resolveMany({ manager, input, output })).toEqual({ total: 3, ok: 0, failed: 0, skipped: 3 });
    expect(readFileSync(output, 'utf8').trim().split('\n')).toHaveLength(3);
  }, 180_000);

  test('an input that cannot be read is a bad-input error before anything is resolved', async () => {
    await expect(resolveMany({ manager, input: join(work, 'nope.jsonl') })).rejects.toMatchObject({ code: 'ERR_BAD_BATCH_INPUT', hint: expect.stringContaining('JSON Lines') });
  });
});
