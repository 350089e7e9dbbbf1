import type { LockPackage } from '@registry-miners/cargolock-parser';
import type { Resolution } from '@registry-miners/crates-resolution';

/** The machine-readable answer printed by `resolve --json` (and the extra fields of `serve`). */
export interface ResolutionJson {
  commit: string;
  time: string;
  found: number;
  total: number;
  missing: LockPackage[];
}

export function resolutionJson(resolution: Resolution): ResolutionJson {
  return {
    commit: resolution.commit,
    time: rfc3339Utc(resolution.time),
    found: resolution.found,
    total: resolution.total,
    missing: resolution.missing.map(({ name, version }) => ({ name, version })),
  };
}

/** A few lines for a person: the commit, when, and what could not be found. */
export function resolutionText(resolution: Resolution, repositoryNames: readonly string[]): string {
  const lines = [
    `commit   ${resolution.commit}`,
    `time     ${rfc3339Utc(resolution.time)}`,
    `found    ${resolution.found}/${resolution.total} crates.io packages`,
  ];
  const repository = repositoryNames[resolution.repositoryIndex];
  if (repository !== undefined) lines.push(`in       ${repository}`);
  if (resolution.missing.length > 0) {
    lines.push(`missing  ${resolution.missing.length} package(s) absent from the index at the publish time:`);
    for (const { name, version } of resolution.missing) lines.push(`  ${name} ${version}`);
  }
  return `${lines.join('\n')}\n`;
}

function rfc3339Utc(time: Date): string {
  return time.toISOString().replace('.000Z', 'Z');
}
