/** Synthetic Go datasets prepared once per process, shared by the tests of a file. */
import { SyntheticGoDataset } from './SyntheticGoDataset.js';

/** Datasets are deterministic and a little costly to prepare: one per set of options, per process. */
const prepared = new Map<string, SyntheticGoDataset>();

/** The prepared synthetic dataset for these options (seed 1 unless given), shared by every caller in the process. */
export function preparedGoDataset(options: { entries: number; modules: number; seed?: number }): SyntheticGoDataset {
  const key = `${options.entries}/${options.modules}/${options.seed ?? 1}`;
  let found = prepared.get(key);
  if (!found) {
    found = new SyntheticGoDataset({ seed: 1, ...options }).prepare();
    prepared.set(key, found);
  }
  return found;
}
