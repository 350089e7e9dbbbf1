import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { AbortFanout } from '../src/AbortFanout.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

it('lets go of unwatched watchers even when some of their removal functions are kept (as a queue keeps its consumed entries)', () => {
  const fanout = new AbortFanout();
  const signal = new AbortController().signal;
  const kept: Array<() => void> = [];
  const cycle = (count: number): void => {
    // A few in flight at once, as requests are: each removal leaves its neighbours linked to each other.
    const inFlight: Array<() => void> = [];
    for (let i = 0; i < count; i++) {
      inFlight.push(fanout.watch(signal, () => {}));
      if (inFlight.length > 16) {
        const unwatch = inFlight.shift()!;
        unwatch();
        if (i % 1000 === 0) kept.push(unwatch);
      }
    }
    for (const unwatch of inFlight) unwatch();
  };
  cycle(10_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  cycle(300_000);
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  // Chained, the 300,000 watchers would hold about 17 MB; unchained, only the 300 kept ones remain.
  expect(grown).toBeLessThan(4 * 1024 * 1024);
  expect(kept.length).toBeGreaterThan(300);
});
