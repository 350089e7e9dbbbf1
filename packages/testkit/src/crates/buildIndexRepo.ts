import { expectedTypeError } from '@registry-miners/utils';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cratesIndexPath } from './cratesIndexPath.js';
import { git } from './git.js';

/** One version of a crate as an index line; omitted fields get the defaults shown. */
export interface IndexVersion {
  vers: string;
  /** @default the crate name the file is written for */
  name?: string;
  /** @default [] */
  deps?: unknown[];
  /** @default sha256 of `name-vers` */
  cksum?: string;
  /** @default {} */
  features?: Record<string, unknown>;
  /** @default false */
  yanked?: boolean;
  [field: string]: unknown;
}

/**
 * One line of a crate's index file: a version (`'1.0.0'`), a raw line written as is (a string
 * starting with `{`), or an {@link IndexVersion}.
 */
export type IndexEntry = string | IndexVersion;

export interface IndexCommit {
  /** Author and committer time. Strings are parsed by `new Date()`: give a zone (`2020-03-01T10:00:00Z`). */
  time: Date | string;
  /**
   * @default the root commit: "Collapse index into one commit"; others: "Updating crate `name#vers`"
   * (the last line of each changed file)
   */
  message?: string;
  /**
   * Crate name → the crate's whole index file at this commit, one entry per line (it replaces the
   * previous content); `null` deletes the file. Crates not named keep their file.
   */
  files?: Record<string, readonly IndexEntry[] | null>;
}

export interface BuildIndexRepoOptions {
  /**
   * The branch to write (also HEAD).
   * @default 'master'
   * @example 'snapshot-2020-03-25' for an archive-like repository
   */
  branch?: string;
  /**
   * An older repository this one continues after a squash, as the real index does: the first commit
   * (the root) then holds `base`'s final files plus its own.
   */
  base?: BuiltIndexRepo;
}

export interface BuiltIndexCommit {
  id: string;
  time: Date;
  message: string;
}

export interface BuiltIndexRepo {
  /** Absolute path of the bare repository. */
  path: string;
  /** `file://` URL of `path`. */
  url: string;
  branch: string;
  /** Commit id of the branch tip. */
  tip: string;
  /** Every commit, oldest (the root) first. */
  commits: BuiltIndexCommit[];
  /** The files at the tip: index path (`se/rd/serde`) → content. */
  files: Record<string, string>;
}

const IDENTITY = 'crates.io index testkit <testkit@example.invalid>';

/**
 * Creates a small crates.io-index-like bare repository at `dir` (absent or empty) with one
 * linear branch: each commit writes the given crates' files at their index paths (compact JSON, one
 * line per version) with author and committer time = `time`. Written with `git fast-import`.
 *
 * @example
 * const archive = await buildIndexRepo(join(tmp, 'archive.git'), [
 *   { time: '2020-01-01T00:00:00Z', files: { serde: ['1.0.0'] } },
 *   { time: '2020-01-02T00:00:00Z', files: { serde: ['1.0.0', '1.0.1'] } },
 * ], { branch: 'snapshot-2020-01-03' });
 * const current = await buildIndexRepo(join(tmp, 'current.git'), [
 *   { time: '2020-01-03T00:00:00Z' }, // root: serde 1.0.0 and 1.0.1, from the archive
 *   { time: '2020-01-04T00:00:00Z', files: { rand: ['0.7.0'] } },
 * ], { base: archive });
 */
export async function buildIndexRepo(
  dir: string,
  commits: readonly IndexCommit[],
  options: BuildIndexRepoOptions = {},
): Promise<BuiltIndexRepo> {
  if (typeof dir !== 'string' || dir === '') {
    throw expectedTypeError('dir', 'a non-empty string', dir);
  }
  if (!Array.isArray(commits) || commits.length === 0) {
    throw expectedTypeError('commits', 'a non-empty array', commits);
  }
  const branch = options.branch ?? 'master';
  const path = resolve(dir);
  const files: Record<string, string> = { ...options.base?.files };
  const planned: { time: Date; message: string }[] = [];

  let stream = '';
  commits.forEach((commit, index) => {
    const time = toDate(commit.time, index);
    const changes: string[] = [];
    const updated: string[] = [];
    if (index === 0) {
      for (const [file, content] of Object.entries(files)) changes.push(modify(file, content));
    }
    const changed: Record<string, readonly IndexEntry[] | null> = commit.files ?? {};
    for (const [name, entries] of Object.entries(changed)) {
      const file = cratesIndexPath(name);
      if (entries === null) {
        delete files[file];
        changes.push(`D ${file}\n`);
        continue;
      }
      const lines = entries.map((entry) => indexLine(name, entry));
      const content = lines.map((line) => `${line}\n`).join('');
      files[file] = content;
      changes.push(modify(file, content));
      const last = entries.at(-1);
      if (last !== undefined) updated.push(`\`${name}#${typeof last === 'string' ? lastVersion(last) : last.vers}\``);
    }
    const message =
      commit.message ??
      (index === 0 ? 'Collapse index into one commit' : `Updating crate${updated.length > 1 ? 's' : ''} ${updated.join(', ')}`.trim());
    planned.push({ time, message });
    const stamp = `${Math.floor(time.getTime() / 1000)} +0000`;
    stream += `commit refs/heads/${branch}\nmark :${index + 1}\n`;
    stream += `author ${IDENTITY} ${stamp}\ncommitter ${IDENTITY} ${stamp}\n${data(message)}`;
    if (index > 0) stream += `from :${index}\n`;
    stream += `${changes.join('')}\n`;
  });

  const existing = await readdir(path).catch(() => []);
  if (existing.length > 0) throw new Error(`buildIndexRepo: ${path} already exists and is not empty`);
  await git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, path]);
  const marksDir = await mkdtemp(join(tmpdir(), 'testkit-marks-'));
  try {
    const marksFile = join(marksDir, 'marks');
    await git(['fast-import', '--quiet', `--export-marks=${marksFile}`], { cwd: path, input: stream });
    const ids = new Map<string, string>();
    for (const line of (await readFile(marksFile, 'utf8')).split('\n')) {
      const [mark, id] = line.split(' ');
      if (mark && id) ids.set(mark, id);
    }
    const built = planned.map((commit, index) => ({ id: ids.get(`:${index + 1}`) ?? '', ...commit }));
    return { path, url: pathToFileURL(path).href, branch, tip: built.at(-1)!.id, commits: built, files };
  } finally {
    await rm(marksDir, { recursive: true, force: true });
  }
}

/** The compact JSON line for one entry of crate `name`. */
function indexLine(name: string, entry: IndexEntry): string {
  if (typeof entry === 'string' && entry.trimStart().startsWith('{')) return entry;
  const spec: IndexVersion = typeof entry === 'string' ? { vers: entry } : entry;
  if (typeof spec.vers !== 'string' || spec.vers === '') {
    throw expectedTypeError(`every entry of ${name}`, 'a version or an object with `vers`', entry);
  }
  const { vers, ...rest } = spec;
  const record = {
    name,
    vers,
    deps: [],
    cksum: createHash('sha256').update(`${spec.name ?? name}-${vers}`).digest('hex'),
    features: {},
    yanked: false,
    ...rest,
  };
  return JSON.stringify(record);
}

function lastVersion(line: string): string {
  if (!line.trimStart().startsWith('{')) return line;
  const match = /"vers":"([^"]*)"/.exec(line);
  return match?.[1] ?? '?';
}

function toDate(value: Date | string, index: number): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw expectedTypeError(`commits[${index}].time`, 'a Date or an ISO 8601 time', value);
  }
  return date;
}

function modify(file: string, content: string): string {
  return `M 100644 inline ${file}\n${data(content)}`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}
