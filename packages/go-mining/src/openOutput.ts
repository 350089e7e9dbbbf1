/**
 * Where an export writes, chosen from what `--out` names, so that it never replaces what it points at:
 *
 * 1. `-` → stdout, as is.
 * 2. A path through `/proc` or `/dev/fd` (`/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`) → written straight:
 *    those names stand for a descriptor the shell set up, whatever it is. Our own stdout is written as
 *    `-` is; another descriptor of ours is opened by name, or used as is when it cannot be (a socket).
 * 3. The symlinks are followed to the final target (a dangling link to the file it would create).
 * 4. That target is a FIFO, a character or block device or a socket → opened and written straight
 *    (no temporary file, no rename: `/dev/null` stays a device node).
 * 5. Otherwise (a regular file, or nothing yet) → a temporary file beside the final target, flushed and
 *    renamed over it on {@link OpenedOutput.commit}: readers see the old file or the complete new one, and
 *    a symlink keeps pointing at the new content.
 */
import { createWriteStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { constants, lstat, mkdir, open, readdir, readlink, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { isProcessAlive, syncDirectory } from '@registry-miners/utils';
import { GoMinerError } from './errors/GoMinerError.js';

export interface OpenedOutput {
  stream: Writable;
  /** The stream is ours to end (a file or device we opened; not stdout). */
  owned: boolean;
  /** What the rows went to, for messages: the path given, or `-`. */
  name: string;
  /** After the last row: flushes a file to disk and renames it into place; nothing for a stream. */
  commit(): Promise<void>;
  /** After a failure: closes what was opened and removes the temporary file, leaving the target as it was. */
  discard(): Promise<void>;
}

/** Longest symlink chain followed (Linux gives up at 40 too). */
const MAX_LINKS = 40;

/** Opens the destination of an export. Throws GoMinerError `ERR_OUTPUT` naming the path when it cannot. */
export async function openOutput(out: string, stdout: Writable = process.stdout): Promise<OpenedOutput> {
  if (out === '-') return { stream: stdout, owned: false, name: '-', commit: async () => undefined, discard: async () => undefined };
  try {
    const target = await followLinks(out);
    if (target.stats?.isDirectory()) {
      throw new GoMinerError('ERR_OUTPUT', `Cannot write ${out}: it is a directory.`, { hint: 'Give --out a file name, e.g. --out go-modules.csv.' });
    }
    if (target.descriptor) return await openDescriptor(out, target.path, stdout);
    if ((target.stats !== undefined && !target.stats.isFile())) {
      return await openStraight(out);
    }
    return await openReplacing(out, target.path);
  } catch (error) {
    if (error instanceof GoMinerError) throw error;
    throw new GoMinerError('ERR_OUTPUT', `Cannot write ${out}: ${(error as Error).message}`, { cause: error, hint: 'Check --out.' });
  }
}

/**
 * True when a write failed because whoever read the output went away (`go-miner export --out - | head`):
 * like the tools people pipe every day, that is a quiet, successful end.
 */
export function isReaderGone(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as NodeJS.ErrnoException).code === 'EPIPE') return true;
  }
  return false;
}

interface LinkTarget {
  /** The final path once every symlink is followed. */
  path: string;
  /** What it is, or undefined when nothing is there yet. */
  stats: Stats | undefined;
  /** The chain passes through a descriptor name (`/proc/…`, `/dev/fd/…`), whose "target" is no path. */
  descriptor: boolean;
}

async function followLinks(path: string): Promise<LinkTarget> {
  let current = resolve(path);
  for (let hop = 0; hop <= MAX_LINKS; hop++) {
    if (isDescriptorName(current)) return { path: current, stats: await stat(current), descriptor: true };
    let stats: Stats;
    try {
      stats = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: current, stats: undefined, descriptor: false };
      throw error;
    }
    if (!stats.isSymbolicLink()) return { path: current, stats, descriptor: false };
    current = resolve(dirname(current), await readlink(current));
  }
  throw new GoMinerError('ERR_OUTPUT', `Cannot write ${path}: more than ${MAX_LINKS} symbolic links in a row (a loop?).`, { hint: 'Check --out.' });
}

function isDescriptorName(path: string): boolean {
  return path.startsWith('/proc/') || path.startsWith('/dev/fd/');
}

/** `/proc/self/fd/1` → 1: a descriptor of this process, by number. */
function ownDescriptor(path: string): number | undefined {
  const match = /^\/(?:proc\/(?:self|thread-self|(\d+))|dev)\/fd\/(\d+)$/.exec(path);
  if (!match || (match[1] !== undefined && Number(match[1]) !== process.pid)) return undefined;
  return Number(match[2]);
}

async function openDescriptor(out: string, path: string, stdout: Writable): Promise<OpenedOutput> {
  const fd = ownDescriptor(path);
  if (fd === 1) return { stream: stdout, owned: false, name: out, commit: async () => undefined, discard: async () => undefined };
  try {
    return await openStraight(out);
  } catch (error) {
    // A socket cannot be opened by name (ENXIO); the descriptor itself can still be written.
    if ((error as NodeJS.ErrnoException).code !== 'ENXIO' || fd === undefined) throw error;
    const stream = createWriteStream('', { fd, autoClose: false });
    const end = async (): Promise<void> => void stream.destroy();
    return { stream, owned: true, name: out, commit: end, discard: end };
  }
}

/** Writes into what is there (FIFO, device, descriptor): no creation, no truncation of a device, no rename. */
async function openStraight(out: string): Promise<OpenedOutput> {
  // O_APPEND: a `>>` redirect behind /dev/stdout keeps what it had; O_NONBLOCK is not used, so opening a
  // FIFO waits for its reader as `cat > fifo` does.
  const handle = await open(out, constants.O_WRONLY | constants.O_APPEND);
  const stream = createWriteStream('', { fd: handle.fd, autoClose: false, highWaterMark: 1 << 20 });
  const close = async (): Promise<void> => {
    stream.destroy();
    await handle.close().catch(() => undefined);
  };
  return { stream, owned: true, name: out, commit: close, discard: close };
}

/** A temporary file beside the final target, renamed over it when complete. */
async function openReplacing(out: string, target: string): Promise<OpenedOutput> {
  await mkdir(dirname(target), { recursive: true });
  await removeStaleTempFiles(target);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let handle: FileHandle | undefined = await open(temp, 'w');
  const stream = createWriteStream('', { fd: handle.fd, autoClose: false, highWaterMark: 1 << 20 });
  return {
    stream,
    owned: true,
    name: out,
    async commit() {
      await handle!.sync();
      await handle!.close();
      handle = undefined;
      await rename(temp, target);
      await syncDirectory(dirname(target));
    },
    async discard() {
      stream.destroy();
      if (handle) await handle.close().catch(() => undefined);
      handle = undefined;
      await rm(temp, { force: true });
    },
  };
}

/** Temp files of exports killed before their rename (`.<name>.<pid>.tmp` of a pid that no longer runs). */
async function removeStaleTempFiles(target: string): Promise<void> {
  const prefix = `.${basename(target)}.`;
  for (const name of await readdir(dirname(target))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isProcessAlive(pid)) continue;
    await rm(join(dirname(target), name), { force: true });
  }
}
