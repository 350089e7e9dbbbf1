/** One `?go-get=1` request a fake vanity host received. */
export interface GoGetRequestRecord {
  /** The module path asked (the URL path without the base and the query). */
  path: string;
  /** The path's host element (`go.acme-1.org`), which the per-host cap is about. */
  host: string;
  query: string;
  startedAt: number;
  /** When the answer was sent (undefined while hanging or if the client went away). */
  answeredAt?: number;
}

/** Counters of `?go-get=1` traffic, per module-path host. */
export interface GoGetTrafficStats {
  requests: number;
  /** Requests per asked path. */
  byPath: Record<string, number>;
  /** Most requests in flight at once to any single host. */
  maxInFlightPerHost: number;
  /** Most requests in flight at once, all hosts together. */
  maxInFlight: number;
  /** Every request, in arrival order. */
  log: GoGetRequestRecord[];
}

/** Tracks requests in flight per host, for the fakes that answer `?go-get=1`. */
export class GoGetTraffic {
  #log: GoGetRequestRecord[] = [];
  #byHost = new Map<string, number>();
  #inFlight = 0;
  #maxInFlight = 0;
  #maxInFlightPerHost = 0;

  /** Records a request; call the returned function when it is answered or dropped. */
  start(path: string, query: string): (answered: boolean) => void {
    const slash = path.indexOf('/');
    const host = slash < 0 ? path : path.slice(0, slash);
    const record: GoGetRequestRecord = { path, host, query, startedAt: Date.now() };
    this.#log.push(record);
    const active = (this.#byHost.get(host) ?? 0) + 1;
    this.#byHost.set(host, active);
    this.#maxInFlightPerHost = Math.max(this.#maxInFlightPerHost, active);
    this.#maxInFlight = Math.max(this.#maxInFlight, ++this.#inFlight);
    let ended = false;
    return (answered) => {
      if (ended) return;
      ended = true;
      if (answered) record.answeredAt = Date.now();
      this.#inFlight--;
      const left = (this.#byHost.get(host) ?? 1) - 1;
      if (left === 0) this.#byHost.delete(host);
      else this.#byHost.set(host, left);
    };
  }

  stats(): GoGetTrafficStats {
    const byPath: Record<string, number> = {};
    for (const record of this.#log) byPath[record.path] = (byPath[record.path] ?? 0) + 1;
    return {
      requests: this.#log.length,
      byPath,
      maxInFlightPerHost: this.#maxInFlightPerHost,
      maxInFlight: this.#maxInFlight,
      log: this.#log.map((record) => ({ ...record })),
    };
  }

  reset(): void {
    this.#log = [];
    this.#maxInFlight = this.#inFlight;
    this.#maxInFlightPerHost = Math.max(0, ...this.#byHost.values());
  }
}
