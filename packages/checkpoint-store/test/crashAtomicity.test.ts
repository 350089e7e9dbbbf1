import { describe, expect, it } from 'vitest';
import { CheckpointStore } from '../src/index.js';
import { exited, spawnFixture, waitForLine } from './helpers/childProcess.js';
import { useTempDirs } from './helpers/tempDirs.js';

const tempDir = useTempDirs();
const BATCH_SIZE = 200;
const ROUNDS = 5;
/** The writer merges its journal every 5 batches: kills land in commits and in merges. */
const COMPACT_AFTER = 5 * (BATCH_SIZE + 2);

interface Verified {
  batch: number;
  staleHolderPid: number | undefined;
}

/** Reopens the store after a kill and checks that it holds exactly batches 1..b, b being the cursor. */
function verify(dir: string): Verified {
  const store = CheckpointStore.open(dir, { compactAfter: 1_000_000 });
  try {
    const batch = store.cursor<number>('batch') ?? 0;
    const perBatch = new Map<number, number>();
    let total = 0;
    for (const [key, value] of store.entries<{ batch: number; i: number }>('records')) {
      expect(key).toBe(`b${String(value.batch).padStart(6, '0')}-${String(value.i).padStart(4, '0')}`);
      perBatch.set(value.batch, (perBatch.get(value.batch) ?? 0) + 1);
      total += 1;
    }
    // Nothing of batch b+1 (or later), all of every batch up to b.
    expect(Math.max(0, ...perBatch.keys())).toBe(batch);
    for (let b = 1; b <= batch; b += 1) expect(perBatch.get(b), `records of batch ${b}`).toBe(BATCH_SIZE);
    expect(total).toBe(batch * BATCH_SIZE);
    expect(store.count('records')).toBe(total);
    // The update and the delete of the same step landed together with its records.
    expect(store.get('latest', 'latest')).toEqual(batch === 0 ? undefined : { batch });
    expect([...store.entries('tmp')]).toEqual(batch === 0 ? [] : [[`t${batch}`, batch]]);
    expect(store.count('tmp')).toBe(batch === 0 ? 0 : 1);
    return { batch, staleHolderPid: store.staleLock?.pid };
  } finally {
    store.close();
  }
}

describe('kill -9 during commits', () => {
  it('leaves every batch whole or absent, in step with its cursor', async () => {
    const dir = tempDir();
    let previous = 0;
    const reached: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const child = spawnFixture('batchWriter', [dir, String(BATCH_SIZE), String(COMPACT_AFTER)]);
      const started = await waitForLine(child, 'started');
      expect(started).toBe(`started ${previous}`);
      const delayMs = 50 + Math.floor(Math.random() * 350);
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await exited(child);
      expect(child.signalCode).toBe('SIGKILL');

      const { batch, staleHolderPid } = verify(dir);
      expect(batch, `round ${round} (killed after ${delayMs} ms)`).toBeGreaterThanOrEqual(previous);
      // The killed writer never released its lock: the reopen took it over and says who it was.
      expect(staleHolderPid).toBe(child.pid);
      reached.push(batch);
      previous = batch;
    }
    // The writer made progress across the rounds (each round commits many batches in 50-400 ms).
    expect(previous).toBeGreaterThan(0);
    expect(new Set(reached).size).toBeGreaterThan(1);
  });
});
