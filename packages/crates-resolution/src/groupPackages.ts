import { entryPath } from './entryPath.js';
import type { LockPackage } from '@registry-miners/cargolock-parser';

/** The packages that live in one index file (several versions of a crate share one). */
export interface PathGroup {
  /** Index path, e.g. `se/rd/serde`. */
  path: string;
  /** `path` split on `/`. */
  parts: string[];
  /** Indexes into the package list, in input order. */
  packages: number[];
  /** Their versions: a package is present when its index file lists the version (`"vers":"<version>"`). */
  versions: string[];
}

/** Groups packages by index path, keeping input order inside each group. */
export function groupPackages(packages: readonly LockPackage[]): PathGroup[] {
  const byPath = new Map<string, PathGroup>();
  packages.forEach((pkg, index) => {
    const path = entryPath(pkg.name);
    let group = byPath.get(path);
    if (group === undefined) {
      group = { path, parts: path.split('/'), packages: [], versions: [] };
      byPath.set(path, group);
    }
    group.packages.push(index);
    group.versions.push(pkg.version);
  });
  return [...byPath.values()];
}
