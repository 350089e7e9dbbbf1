import type { ProgressReporter } from './ProgressReporter.js';
import { TaskBoard } from './TaskBoard.js';

/**
 * Progress for pipes and log files: every `intervalMs`, one line with each task that moved
 * (`lookup 120000/2500000 (4.8%) 1650/s eta 24m`), and one line when a task finishes.
 */
export class LogProgress implements ProgressReporter {
  private readonly tasks = new TaskBoard();
  private readonly printed = new Map<string, number>();
  private readonly write: (line: string) => void;
  private readonly timer: NodeJS.Timeout;

  constructor(options: { intervalMs: number; write?: (line: string) => void }) {
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
    this.timer = setInterval(() => this.tick(), options.intervalMs);
    this.timer.unref();
  }

  update(task: string, done: number, total?: number): void {
    this.tasks.update(task, done, total);
  }

  note(task: string, text: string): void {
    this.tasks.note(task, text);
  }

  finish(task: string): void {
    const line = this.tasks.finish(task);
    if (!line) return;
    this.write(line.describe());
    this.printed.delete(task);
  }

  log(message: string): void {
    this.write(message);
  }

  private tick(): void {
    const moved: string[] = [];
    for (const line of this.tasks.lines()) {
      if (this.printed.get(line.name) === line.version) continue;
      this.printed.set(line.name, line.version);
      moved.push(line.describe());
    }
    if (moved.length > 0) this.write(moved.join(' | '));
  }

  close(): void {
    clearInterval(this.timer);
  }
}
