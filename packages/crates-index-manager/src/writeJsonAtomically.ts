import { rename, writeFile } from 'node:fs/promises';

/** Writes `value` as one line of JSON to `file` through a temporary file renamed over it: never half-written. */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value)}\n`);
  await rename(temporary, file);
}
