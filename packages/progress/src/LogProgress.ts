import { TaskBoard } from './TaskBoard.js';
import type { TaskLine } from './TaskLine.js';

/** `2026-01-01T10:00:05Z`: runs last hours, so every log line says when it was written (UTC, to the second). */
export function logTimestamp(now = new Date()): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/**
 * Progress for pipes and log files: every `intervalMs`, one line with each task that moved
 * (`2026-01-01T10:00:05Z lookup 120000/2500000 (4.8%) 1650/s eta 24m`), and one line when a task finishes.
 */
export class LogProgress extends TaskBoard {
  private readonly printed = new Map<string, number>();
  private readonly write: (line: string) => void;

  constructor(options: { intervalMs: number; write?: (line: string) => void }) {
    super(options.intervalMs);
    const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.write = (line) => write(`${logTimestamp()} ${line}`);
  }

  protected showFinished(line: TaskLine): void {
    this.write(line.describe());
    this.printed.delete(line.name);
  }

  log(message: string): void {
    this.write(message);
  }

  protected show(): void {
    const moved: string[] = [];
    for (const line of this.lines()) {
      if (this.printed.get(line.name) === line.version) continue;
      this.printed.set(line.name, line.version);
      moved.push(line.describe());
    }
    if (moved.length > 0) this.write(moved.join(' | '));
  }
}
