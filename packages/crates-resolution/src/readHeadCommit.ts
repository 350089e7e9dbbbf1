import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const OID = /^[0-9a-f]{40}$/;
/** Symbolic refs followed at most this deep (git itself stops at 5). */
const MAX_DEPTH = 5;

/**
 * The commit id HEAD of git directory `gitDir` names, read from the ref files themselves (HEAD,
 * loose refs, `packed-refs`), or undefined for anything this does not read with certainty: an
 * unborn branch, a linked worktree (`commondir`), a reftable repository. The caller then asks
 * libgit2, so the answer is never a guess. Written here rather than taken from a git library:
 * reading two small files is what lets a warm search skip loading nodegit (~200 ms), and a library
 * that reads refs would bring its own object database along.
 */
export function readHeadCommit(gitDir: string): string | undefined {
  if (existsSync(join(gitDir, 'commondir'))) return undefined;
  let ref = 'HEAD';
  for (let depth = 0; depth <= MAX_DEPTH; depth += 1) {
    const value = readLoose(gitDir, ref) ?? readPacked(gitDir, ref);
    if (value === undefined) return undefined;
    if (OID.test(value)) return value;
    const target = /^ref: (refs\/\S+)$/.exec(value)?.[1];
    if (target === undefined || target.split('/').includes('..')) return undefined;
    ref = target;
  }
  return undefined;
}

function readLoose(gitDir: string, ref: string): string | undefined {
  try {
    return readFileSync(join(gitDir, ref), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** `<oid> <ref>` lines of `packed-refs` (comments and `^` peel lines skipped). */
function readPacked(gitDir: string, ref: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (line.endsWith(` ${ref}`) && OID.test(line.slice(0, 40)) && line.length === 41 + ref.length) return line.slice(0, 40);
  }
  return undefined;
}
