import type { CommitChain } from './CommitChain.js';
import type { CommitHistory } from './CommitHistory.js';

/**
 * A search's view of a shared {@link CommitChain}, starting `base` commits below its head: what
 * {@link RegistryHistory.open} computes with a walk of its own, read from the cached chain instead.
 */
export class ChainHistory implements CommitHistory {
  readonly #chain: CommitChain;
  readonly #base: number;

  private constructor(chain: CommitChain, base: number) {
    this.#chain = chain;
    this.#base = base;
  }

  /** From the head, or (with `until`) from the last commit after `until`, like `RegistryHistory.open`. */
  static async open(chain: CommitChain, until: number | undefined): Promise<ChainHistory> {
    if (until === undefined) return new ChainHistory(chain, 0);
    const first = await chain.firstAtOrBefore(until);
    return new ChainHistory(chain, Math.max(0, first - 1));
  }

  get path(): string {
    return this.#chain.path;
  }

  get length(): number {
    return Math.max(0, this.#chain.length - this.#base);
  }

  get complete(): boolean {
    return this.#chain.complete;
  }

  ensure(index: number): Promise<boolean> {
    return this.#chain.ensure(this.#base + index);
  }

  async loadAll(): Promise<number> {
    while (await this.#chain.ensure(this.#chain.length));
    return this.length - 1;
  }

  releaseBefore(): void {
    // The chain is shared and compact: nothing to free per search.
  }

  time(index: number): number {
    return this.#chain.time(this.#base + index);
  }

  id(index: number): string {
    return this.#chain.id(this.#base + index);
  }

  treeId(index: number): string {
    return this.#chain.treeId(this.#base + index);
  }
}
