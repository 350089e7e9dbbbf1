/**
 * One progress line of a git transfer, as git prints it with `--progress`
 * (`Receiving objects:  45% (4500/10000), 12.00 MiB | 3.00 MiB/s`), or as the nodegit transport
 * reports it in the same shape.
 */
export interface GitProgress {
  /** git's phase name: `Counting objects`, `Compressing objects`, `Receiving objects`, `Resolving deltas`, … */
  phase: string;
  /** Percentage of the phase done, 0–100. */
  percent: number;
  /** Items done in this phase. */
  done: number;
  /** Items in this phase. */
  total: number;
  /** Bytes received so far, when git reports them (`Receiving objects`). */
  bytes?: number;
  /** Transfer rate in bytes per second, when git reports it. */
  bytesPerSecond?: number;
}

const SIZE = String.raw`([\d.]+) ([KMGT]?i?B|bytes)`;
/** `[remote: ]Phase name:  45% (4500/10000)[, 12.00 MiB[ | 3.00 MiB/s]]` */
const LINE = new RegExp(String.raw`^(?:remote: )?([A-Za-z][A-Za-z ]*?):\s+(\d{1,3})% \((\d+)\/(\d+)\)(?:,\s*${SIZE}(?:\s*\|\s*${SIZE}\/s)?)?`);

const UNITS: Record<string, number> = {
  bytes: 1, B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12,
};

/** Parses one progress line of git's stderr; undefined for any other line. */
export function parseGitProgress(line: string): GitProgress | undefined {
  const match = LINE.exec(line.trim());
  if (!match) return undefined;
  const progress: GitProgress = {
    phase: match[1]!,
    percent: Number(match[2]),
    done: Number(match[3]),
    total: Number(match[4]),
  };
  if (match[5] !== undefined && match[6] !== undefined) progress.bytes = Math.round(Number(match[5]) * (UNITS[match[6]] ?? 1));
  if (match[7] !== undefined && match[8] !== undefined) {
    progress.bytesPerSecond = Math.round(Number(match[7]) * (UNITS[match[8]] ?? 1));
  }
  return progress;
}

/**
 * Splits git's stderr stream (lines end in `\r` while a phase progresses, `\n` when it is done)
 * and reports each progress line; other lines go to `onOther`.
 */
export function createProgressSplitter(
  onProgress: (progress: GitProgress) => void,
  onOther: (line: string) => void = () => {},
): { push(chunk: string): void; end(): void } {
  let pending = '';
  const flushLine = (line: string): void => {
    if (line.trim() === '') return;
    const progress = parseGitProgress(line);
    if (progress) onProgress(progress);
    else onOther(line);
  };
  return {
    push(chunk) {
      pending += chunk;
      const parts = pending.split(/[\r\n]/);
      pending = parts.pop() ?? '';
      for (const part of parts) flushLine(part);
    },
    end() {
      flushLine(pending);
      pending = '';
    },
  };
}
