import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '@registry-miners/utils';

/** What the manager remembers about a clone across restarts, kept inside its directory. */
export interface RepositoryMetadata {
  /** When the last successful clone or fetch started (ISO 8601). */
  lastUpdate: string;
  /** The remote it was cloned or fetched from. */
  url: string;
  /** The branch tip that clone or fetch left, and its committer time (ISO 8601): see peekRepository. */
  head?: string;
  headTime?: string;
}

/** File name inside the bare repository (git ignores unknown files there). */
export const METADATA_FILE = 'registry-miners-index.json';

export async function readMetadata(repositoryPath: string): Promise<RepositoryMetadata | undefined> {
  try {
    const value = JSON.parse(await readFile(join(repositoryPath, METADATA_FILE), 'utf8')) as Partial<RepositoryMetadata>;
    if (typeof value.lastUpdate !== 'string' || Number.isNaN(Date.parse(value.lastUpdate))) return undefined;
    const known = typeof value.head === 'string' && typeof value.headTime === 'string' && !Number.isNaN(Date.parse(value.headTime));
    return { lastUpdate: value.lastUpdate, url: typeof value.url === 'string' ? value.url : '', ...(known ? { head: value.head, headTime: value.headTime } : {}) };
  } catch {
    return undefined;
  }
}

/** Writes the metadata atomically (a temporary file renamed over the old one). */
export async function writeMetadata(repositoryPath: string, metadata: RepositoryMetadata): Promise<void> {
  await writeFileAtomically(join(repositoryPath, METADATA_FILE), `${JSON.stringify(metadata)}\n`);
}
