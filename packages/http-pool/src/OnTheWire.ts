import type { BodyCollector } from './BodyCollector.js';

/**
 * The attempts on the wire, for the deadline sweep: an intrusive doubly linked list through the
 * collectors' own `wirePrev`/`wireNext` fields. Adding and removing are two field writes, where a
 * `Set` of objects cost a measurable share of a request's CPU on the hot path.
 */
export class OnTheWire {
  #head: BodyCollector | undefined;

  add(collector: BodyCollector): void {
    collector.wireNext = this.#head;
    if (this.#head !== undefined) this.#head.wirePrev = collector;
    this.#head = collector;
  }

  delete(collector: BodyCollector): void {
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
