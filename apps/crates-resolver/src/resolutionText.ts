/** What `resolve` prints for a person (the JSON form is the package's resolutionJson). */
import { rfc3339Utc } from '@registry-miners/crates-batch/failure';
import type { Resolution } from '@registry-miners/crates-resolution';

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
