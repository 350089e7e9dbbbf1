import { TaskBoard } from './TaskBoard.js';
import type { TaskLine } from './TaskLine.js';
import { formatCount, formatDuration, formatRate } from './formatFigures.js';

const BAR_WIDTH = 24;

/** Live bars on a terminal (stderr), redrawn a few times a second, with logs printed above them. */
export class TtyProgress extends TaskBoard {
  private readonly stream: NodeJS.WriteStream;
  private drawnLines = 0;

  constructor(stream: NodeJS.WriteStream = process.stderr, redrawMs = 150) {
    super(redrawMs);
    this.stream = stream;
  }

  protected showFinished(line: TaskLine): void {
    // A finished task leaves its final figures in the scrollback, above the live bars.
    this.clear();
    this.stream.write(`${this.render(line)}\n`);
    this.draw();
  }

  log(message: string): void {
    this.clear();
    this.stream.write(`${message}\n`);
    this.draw();
  }

  override close(): void {
    super.close();
    this.clear();
  }

  protected show(): void {
    this.clear();
    this.draw();
  }

  private clear(): void {
    if (this.drawnLines === 0) return;
    this.stream.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    const lines = [...this.lines()].map((line) => this.render(line));
    if (lines.length === 0) return;
    this.stream.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }

  private render(line: TaskLine): string {
    const columns = this.stream.columns || 100;
    let bar: string;
    if (line.total !== undefined && line.total > 0) {
      const filled = Math.min(BAR_WIDTH, Math.round((line.done / line.total) * BAR_WIDTH));
      bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    } else {
      bar = `[${' '.repeat(BAR_WIDTH)}]`;
    }
    const eta = line.finished ? undefined : line.eta();
    const text = [
      line.name.padEnd(8),
      bar,
      formatCount(line.done, line.total),
      formatRate(line.rate()),
      eta === undefined ? '' : `eta ${formatDuration(eta)}`,
      line.finished ? 'done' : '',
      line.note,
    ]
      .filter(Boolean)
      .join(' ');
    return text.length > columns - 1 ? text.slice(0, columns - 1) : text;
  }
}
