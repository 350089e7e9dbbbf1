import type { GoModuleCatalog } from './GoModuleCatalog.js';

/**
 * Per-module facts of a synthetic feed that no formula gives: each module's last entry (in both
 * feeds) and the order in which modules first appear in the default feed. Computed in one pass over
 * every entry (about 4 s of CPU for 45M entries), kept in typed arrays (12 bytes per module).
 */
export class GoFeedFacts {
  /** Last entry of each module in the `include=all` feed. */
  readonly lastAll: Int32Array;
  /** Last served entry of each module, -1 when none. */
  readonly lastServed: Int32Array;
  /** Modules in order of first appearance in the default feed (the first `servedModules` slots). */
  readonly servedOrder: Int32Array;
  readonly servedModules: number;
  readonly servedEntries: number;

  constructor(catalog: GoModuleCatalog, entryCount: number, moduleCount: number) {
    const lastAll = new Int32Array(moduleCount);
    const lastServed = new Int32Array(moduleCount).fill(-1);
    const servedOrder = new Int32Array(moduleCount);
    let servedModules = 0;
    let servedEntries = 0;
    for (let i = 0; i < entryCount; i++) {
      const m = catalog.moduleOf(i);
      lastAll[m] = i;
      if (catalog.served(i)) {
        servedEntries += 1;
        if (lastServed[m] === -1) servedOrder[servedModules++] = m;
        lastServed[m] = i;
      }
    }
    this.lastAll = lastAll;
    this.lastServed = lastServed;
    this.servedOrder = servedOrder;
    this.servedModules = servedModules;
    this.servedEntries = servedEntries;
  }
}
