import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** One lockfile to resolve, or an input line that cannot be (reported in the output, never fatal). */
export type BatchInput =
  | { id: string; lockfile: string; published: string; problem?: undefined }
  | { id: string; lockfile?: string | undefined; published?: string | undefined; problem: string };

/** Longest input line read: a line is a small JSON object, a longer one is refused rather than buffered. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * The inputs of a batch, in order. `source` is either
 * - a JSON Lines file: `{"lockfile": path, "published": time, "id"?: name}` per line, paths relative
 *   to the file's directory; the id defaults to `lockfile@published`;
 * - or a directory of cases: each subdirectory holds `Cargo.lock` and `case.json` with `published`
 *   (the layout of the shared test cases); the id is the subdirectory's name.
 */
export async function* readBatchInputs(source: string): AsyncGenerator<BatchInput> {
  if ((await stat(source)).isDirectory()) {
    yield* readCaseDirectory(source);
    return;
  }
  const base = dirname(resolve(source));
  const lines = createInterface({ input: createReadStream(source, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    yield parseLine(line, number, base);
  }
}

function parseLine(line: string, number: number, base: string): BatchInput {
  const fallbackId = `line-${number}`;
  if (line.length > MAX_LINE_CHARS) return { id: fallbackId, problem: `line ${number} is longer than ${MAX_LINE_CHARS} characters` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { id: fallbackId, problem: `line ${number} is not JSON` };
  }
  const { lockfile, published, id } = (value ?? {}) as { lockfile?: unknown; published?: unknown; id?: unknown };
  if (typeof lockfile !== 'string' || lockfile === '') return { id: typeof id === 'string' ? id : fallbackId, problem: `line ${number} has no "lockfile" path` };
  if (typeof published !== 'string') return { id: typeof id === 'string' ? id : fallbackId, lockfile, problem: `line ${number} has no "published" time` };
  return { id: typeof id === 'string' && id !== '' ? id : `${lockfile}@${published}`, lockfile: resolve(base, lockfile), published };
}

async function* readCaseDirectory(directory: string): AsyncGenerator<BatchInput> {
  const entries = (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  for (const name of entries) {
    const lockfile = join(directory, name, 'Cargo.lock');
    try {
      const { published } = JSON.parse(await readFile(join(directory, name, 'case.json'), 'utf8')) as { published?: unknown };
      if (typeof published !== 'string') throw new Error('no "published" time');
      yield { id: name, lockfile, published };
    } catch (error) {
      yield { id: name, lockfile, problem: `${name}/case.json: ${(error as Error).message}` };
    }
  }
}
