import type { FakeEntry } from './indexServer.js';

/** Deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `micros` as an index timestamp, trailing zeros trimmed; optionally in a `-07:00` or `+02:00` offset. */
export function timestampOf(micros: bigint, offsetMinutes = 0): string {
  const shifted = micros + BigInt(offsetMinutes) * 60_000_000n;
  const iso = new Date(Number(shifted / 1000n)).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(shifted % 1000n).padStart(3, '0')}`.replace(/0+$/, '');
  let zone = 'Z';
  if (offsetMinutes !== 0) {
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}${zone}`;
}

export interface SyntheticOptions {
  count: number;
  seed?: number;
  /** First instant, µs. @default 2019-04-10T19:08:52.997264Z */
  startMicros?: bigint;
  /** Time covered, µs. @default ~5 years */
  spanMicros?: bigint;
  /** Density grows with time: 0 = uniform, larger = more skewed towards the end. @default 0 */
  skew?: number;
  /** Largest run of entries sharing one instant. @default 4 */
  maxRun?: number;
  /** Share of timestamps written with an offset (`-07:00` or `+02:00`). @default 0.1 */
  offsetShare?: number;
  /** Share of entries hidden from the default feed. @default 0 */
  hiddenShare?: number;
}

/** A sorted synthetic index with runs of equal instants, trimmed zeros and offset spellings. */
export function syntheticIndex(options: SyntheticOptions): FakeEntry[] {
  const { count, seed = 1, startMicros = 1554923332997264n, spanMicros = 5n * 365n * 86_400_000_000n, skew = 0, maxRun = 4, offsetShare = 0.1, hiddenShare = 0 } = options;
  const rand = random(seed);
  const instants: bigint[] = [];
  while (instants.length < count) {
    // Inverse-CDF sampling of a density growing like e^(skew·x) on [0, 1).
    const u = rand();
    const x = skew === 0 ? u : Math.log1p(u * Math.expm1(skew)) / skew;
    let micros = startMicros + BigInt(Math.floor(x * Number(spanMicros)));
    if (rand() < 0.3) micros -= micros % 1000n; // whole milliseconds: more trimmed zeros
    const run = 1 + Math.floor(rand() ** 3 * maxRun);
    for (let index = 0; index < run && instants.length < count; index++) instants.push(micros);
  }
  instants.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return instants.map((micros, index) => {
    const pick = rand();
    const offset = pick < offsetShare / 2 ? -420 : pick < offsetShare ? 120 : 0;
    const entry: FakeEntry = {
      Path: `example.com/m${index % 997}/p${Math.floor(rand() * 1e6)}`,
      Version: `v1.${index}.0`,
      Timestamp: timestampOf(micros, offset),
    };
    if (hiddenShare > 0 && rand() < hiddenShare) entry.hidden = true;
    return entry;
  });
}
