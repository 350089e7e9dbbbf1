import { RateMeter } from './RateMeter.js';
import { formatCount, formatDuration, formatRate } from './formatFigures.js';

/** The state of one progress task, shared by the renderers. */
export class TaskLine {
  readonly name: string;
  done = 0;
  total: number | undefined;
  note = '';
  finished = false;
  /** Bumped on every change so a periodic logger can skip idle tasks. */
  version = 0;
  readonly meter: RateMeter;
  private readonly baseline: number;

  constructor(name: string, done: number, total: number | undefined) {
    this.name = name;
    this.done = done;
    this.total = total;
    this.baseline = done;
    this.meter = new RateMeter();
  }

  set(done: number, total: number | undefined): void {
    this.done = done;
    if (total !== undefined) this.total = total;
    this.meter.sample(done - this.baseline);
    this.version++;
  }

  /** Average rate since the task started (this run). */
  averageRate(now = Date.now()): number {
    const elapsed = now - this.meter.startedAt;
    return elapsed > 0 ? ((this.done - this.baseline) * 1000) / elapsed : 0;
  }

  rate(): number {
    return this.finished ? this.averageRate() : this.meter.rate();
  }

  eta(): number | undefined {
    return this.meter.etaMs(this.done - this.baseline, this.total === undefined ? undefined : this.total - this.baseline);
  }

  /** `lookup 120000/2500000 (4.8%) 1650/s eta 24m` */
  describe(): string {
    const parts = [this.name, formatCount(this.done, this.total), formatRate(this.rate())];
    const eta = this.finished ? undefined : this.eta();
    if (eta !== undefined) parts.push(`eta ${formatDuration(eta)}`);
    if (this.finished) parts.push('done');
    if (this.note) parts.push(this.note);
    return parts.join(' ');
  }
}
