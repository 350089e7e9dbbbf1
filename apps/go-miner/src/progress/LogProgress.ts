import type { ProgressReporter } from './ProgressReporter.js';
import { TaskLine } from './TaskLine.js';

/**
 * Progress for pipes and log files: every `intervalMs`, one line with each task that moved
 * (`lookup 120000/2500000 (4.8%) 1650/s eta 24m`), and one line when a task finishes.
 */
export class LogProgress implements ProgressReporter {
  private readonly tasks = new Map<string, TaskLine>();
  private readonly printed = new Map<string, number>();
  private readonly write: (line: string) => void;
  private readonly timer: NodeJS.Timeout;

  constructor(options: { intervalMs: number; write?: (line: string) => void }) {
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
    this.timer = setInterval(() => this.tick(), options.intervalMs);
    this.timer.unref();
  }

  update(task: string, done: number, total?: number): void {
    const line = this.tasks.get(task);
    if (line) line.set(done, total);
    else this.tasks.set(task, new TaskLine(task, done, total));
  }

  note(task: string, text: string): void {
    const line = this.tasks.get(task);
    if (line && line.note !== text) {
      line.note = text;
      line.version++;
    }
  }

  finish(task: string): void {
    const line = this.tasks.get(task);
    if (!line || line.finished) return;
    line.finished = true;
    this.write(line.describe());
    this.tasks.delete(task);
    this.printed.delete(task);
  }

  log(message: string): void {
    this.write(message);
  }

  private tick(): void {
    const moved: string[] = [];
    for (const line of this.tasks.values()) {
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
