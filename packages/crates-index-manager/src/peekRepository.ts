import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LazyRepository, readHeadCommit } from '@registry-miners/crates-resolution';
import { nextVersion } from './openRepository.js';
import type { OpenedRepository } from './openRepository.js';
import type { RepositoryMetadata } from './RepositoryMetadata.js';

/**
 * A clone recognised as the manager last left it, without nodegit: HEAD names `refs/heads/<branch>`,
 * that branch is at the commit the metadata recorded after the last clone or fetch, and the object
 * directory holds that commit (loose) or packs. Undefined otherwise (a crash, a change by hand, a
 * clone made before the metadata held the head): the manager then opens and checks it with nodegit.
 * Why: loading nodegit costs a warm `resolve` about as much as its whole search.
 */
export function peekRepository(path: string, branch: string, metadata: RepositoryMetadata | undefined): OpenedRepository | undefined {
  if (metadata?.head === undefined || metadata.headTime === undefined) return undefined;
  let headRef: string;
  try {
    headRef = readFileSync(join(path, 'HEAD'), 'utf8').trim();
  } catch {
    return undefined;
  }
  if (headRef !== `ref: refs/heads/${branch}` || readHeadCommit(path) !== metadata.head) return undefined;
  const objects = join(path, 'objects');
  const loose = existsSync(join(objects, metadata.head.slice(0, 2), metadata.head.slice(2)));
  if (!loose && !hasPacks(join(objects, 'pack'))) return undefined;
  return { repository: LazyRepository.at(path), head: metadata.head, headTime: new Date(metadata.headTime), version: nextVersion() };
}

function hasPacks(directory: string): boolean {
  try {
    return readdirSync(directory).some((name) => name.endsWith('.idx'));
  } catch {
    return false;
  }
}
