/** Rate over a sliding window of samples, and the ETA it implies. */
export class RateMeter {
  private readonly windowMs: number;
  private readonly samples: Array<{ at: number; done: number }> = [];
  readonly startedAt: number;

  constructor(windowMs = 10_000, now = Date.now()) {
    this.windowMs = windowMs;
    this.startedAt = now;
    this.samples.push({ at: now, done: 0 });
  }

  /** Records the counter (relative to the task's start). Samples closer than 200 ms are merged. */
  sample(done: number, now = Date.now()): void {
    const n = this.samples.length;
    const previous = this.samples[n - 2];
    const last = this.samples[n - 1];
    if (previous && last && now - previous.at < 200) {
      last.at = now;
      last.done = done;
      return;
    }
    this.samples.push({ at: now, done });
    while (this.samples.length > 2 && now - this.samples[0]!.at > this.windowMs) this.samples.shift();
  }

  /** Items per second over the window (0 until there are two samples). */
  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }

  /** Milliseconds left to reach `total`, or undefined when unknown. */
  etaMs(done: number, total: number | undefined): number | undefined {
    if (total === undefined) return undefined;
    const rate = this.rate();
    if (rate <= 0) return undefined;
    return (Math.max(0, total - done) / rate) * 1000;
  }
}
