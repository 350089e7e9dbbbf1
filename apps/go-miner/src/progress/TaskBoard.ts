import { TaskLine } from './TaskLine.js';

/** The running tasks a progress renderer shows, in the order they started. */
export class TaskBoard {
  private readonly running = new Map<string, TaskLine>();

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

  /** Marks a running task finished and takes it off the board; undefined when it is not running. */
  finish(task: string): TaskLine | undefined {
    const line = this.running.get(task);
    if (!line) return undefined;
    line.finished = true;
    this.running.delete(task);
    return line;
  }

  lines(): IterableIterator<TaskLine> {
    return this.running.values();
  }
}
