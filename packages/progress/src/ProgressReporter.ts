/** Where the phases report progress; the renderer decides how (bars, periodic log lines, nothing). */
export interface ProgressReporter {
  /** Sets a task's counter (and total, when known). The first call starts the task. */
  update(task: string, done: number, total?: number): void;
  /** A short note shown after the task's figures (e.g. `12 failed`). */
  note(task: string, text: string): void;
  /** Marks a task finished: its last figures stay visible / are logged once. */
  finish(task: string): void;
  /** A log line on stderr that does not garble the bars. */
  log(message: string): void;
  /** Stops timers and leaves the terminal clean. */
  close(): void;
}
