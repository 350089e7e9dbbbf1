/**
 * One shard of a sharded crawl while it runs: its cursor state, its end (which a split may move while
 * a request is in flight), a density estimate, and the fetch loop that reads its pages ahead of the
 * consumer, at most {@link MAX_QUEUED_PAGES_PER_SHARD} pages ahead.
 */
import { FIRST_INDEX_TIMESTAMP } from './defaults.js';
import { IndexCrawlState } from './IndexCrawlState.js';
import { parseIndexTimestamp } from './parseIndexTimestamp.js';
import type { ReadPage, ReadPageOptions } from './readNextPage.js';
import { readNextPage } from './readNextPage.js';
import type { ParsedShard } from './ShardState.js';

/** Pages a shard may read ahead of the consumer. */
const MAX_QUEUED_PAGES_PER_SHARD = 2;
const FIRST_MICROS = parseIndexTimestamp(FIRST_INDEX_TIMESTAMP);

export class ShardRunner {
  readonly id: number;
  readonly startMicros: bigint | undefined;
  endMicros: bigint | undefined;
  readonly state: IndexCrawlState;
  /** Pages read and not yet taken by the consumer. */
  queued = 0;
  finished = false;
  /** Time spanned by the shard's last full page: its current density. */
  fullPageSpan: bigint | undefined;
  #room: (() => void) | undefined;

  constructor(shard: ParsedShard) {
    this.id = shard.id;
    this.startMicros = shard.startMicros;
    this.endMicros = shard.endMicros;
    const from = shard.cursor ?? (shard.start === null ? undefined : { since: shard.start, sinceMicros: shard.startMicros!, atSince: [] });
    this.state = new IndexCrawlState(from);
  }

  /** The instant up to which entries have been taken (read, not necessarily yielded). */
  position(): bigint {
    return this.state.sinceMicros ?? this.startMicros ?? FIRST_MICROS;
  }

  /**
   * Reads the shard's pages until it is done, handing each to `onPage` as it arrives; waits while the
   * consumer is {@link MAX_QUEUED_PAGES_PER_SHARD} pages behind. Stops early when `stopped()` says so.
   */
  async readPages(options: Omit<ReadPageOptions, 'until'> & { signal: AbortSignal }, stopped: () => boolean, onPage: (page: ReadPage) => void): Promise<void> {
    const pageOptions: ReadPageOptions = { ...options, until: () => this.endMicros };
    for (;;) {
      await this.#waitForRoom(options.signal);
      if (options.signal.aborted || stopped()) return;
      const page = await readNextPage(this.state, pageOptions);
      if (page.fullPageSpan !== undefined) this.fullPageSpan = page.fullPageSpan;
      this.queued++;
      if (page.done) this.finished = true;
      onPage(page);
      if (page.done) return;
    }
  }

  /** The consumer took one of this shard's pages. */
  taken(): void {
    this.queued--;
    this.release();
  }

  /** Wakes the fetch loop if it waits for room (also to let it see that the crawl stopped). */
  release(): void {
    const room = this.#room;
    this.#room = undefined;
    room?.();
  }

  async #waitForRoom(signal: AbortSignal): Promise<void> {
    while (this.queued >= MAX_QUEUED_PAGES_PER_SHARD && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.#room = resolve;
      });
    }
  }
}
