/** An attempt on the wire (a `WireEntry`): its own links in the list, and its deadline. */
export interface WireEntry {
  wirePrev: WireEntry | undefined;
  wireNext: WireEntry | undefined;
  /** `performance.now()` by which the attempt must be done. */
  readonly deadline: number;
  /** Ends the attempt for its deadline (and removes it from the list). */
  expire(): void;
}

/**
 * The attempts on the wire, for the deadline sweep: an intrusive doubly linked list through the
 * collectors' own `wirePrev`/`wireNext` fields. Adding and removing are two field writes, where a
 * `Set` of objects cost a measurable share of a request's CPU on the hot path.
 */
export class OnTheWire {
  #head: WireEntry | undefined;

  add(collector: WireEntry): void {
    collector.wireNext = this.#head;
    if (this.#head !== undefined) this.#head.wirePrev = collector;
    this.#head = collector;
  }

  delete(collector: WireEntry): void {
    const { wirePrev, wireNext } = collector;
    if (wirePrev !== undefined) wirePrev.wireNext = wireNext;
    else if (this.#head === collector) this.#head = wireNext;
    if (wireNext !== undefined) wireNext.wirePrev = wirePrev;
    collector.wirePrev = undefined;
    collector.wireNext = undefined;
  }

  /** Ends every attempt whose deadline is at or before `now` (expiring removes it from the list). */
  expireUntil(now: number): void {
    let collector = this.#head;
    while (collector !== undefined) {
      const next = collector.wireNext;
      if (collector.deadline <= now) collector.expire();
      collector = next;
    }
  }
}
