import { TaskBoard } from './TaskBoard.js';
import type { TaskLine } from './TaskLine.js';

/**
 * Progress for pipes and log files: every `intervalMs`, one line with each task that moved
 * (`lookup 120000/2500000 (4.8%) 1650/s eta 24m`), and one line when a task finishes.
 */
export class LogProgress extends TaskBoard {
  private readonly printed = new Map<string, number>();
  private readonly write: (line: string) => void;

  constructor(options: { intervalMs: number; write?: (line: string) => void }) {
    super(options.intervalMs);
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
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
