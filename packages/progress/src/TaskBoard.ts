import type { ProgressReporter } from './ProgressReporter.js';
import { TaskLine } from './TaskLine.js';

/**
 * What the renderers share: the running tasks, in the order they started, and a timer that shows them
 * every `intervalMs`. A renderer decides how to show them and a task that finished.
 */
export abstract class TaskBoard implements ProgressReporter {
  private readonly running = new Map<string, TaskLine>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.show(), intervalMs);
    this.timer.unref();
  }

  update(task: string, done: number, total?: number): void {
    const line = this.running.get(task);
    if (line) line.set(done, total);
    else this.running.set(task, new TaskLine(task, done, total));
  }

  note(task: string, text: string): void {
    const line = this.running.get(task);
    if (line && line.note !== text) {
      line.note = text;
      line.version++;
    }
  }

  finish(task: string): void {
    const line = this.running.get(task);
    if (!line) return;
    line.finished = true;
    this.running.delete(task);
    this.showFinished(line);
  }

  close(): void {
    clearInterval(this.timer);
  }

  abstract log(message: string): void;

  protected lines(): IterableIterator<TaskLine> {
    return this.running.values();
  }

  /** Called every `intervalMs` while tasks may be running. */
  protected abstract show(): void;

  /** Called once when a task finishes: it is no longer among {@link lines}. */
  protected abstract showFinished(line: TaskLine): void;
}
