import { saltKey } from './hash.js';

/**
 * The per-purpose hash keys of a synthetic Go dataset, derived from its seed: each property (run
 * breaks, timestamps, module picks, versions, behaviours…) hashes the entry or module number under its
 * own key, so the properties are independent of each other and a pure function of (seed, number).
 */
const PURPOSES = {
  break: 1,
  served: 2,
  pick: 3,
  tsPlace: 4,
  tsRound: 5,
  kind: 6,
  name: 7,
  style: 8,
  version: 9,
  behaviour: 10,
  commit: 11,
  list: 12,
} as const;

export type GoDatasetKeys = Readonly<Record<keyof typeof PURPOSES, number>>;

export function goDatasetKeys(seed: number): GoDatasetKeys {
  const keys = {} as Record<keyof typeof PURPOSES, number>;
  for (const [name, purpose] of Object.entries(PURPOSES)) keys[name as keyof typeof PURPOSES] = saltKey(seed, purpose);
  return keys;
}
