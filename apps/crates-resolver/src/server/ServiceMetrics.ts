import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IndexOperationEvent } from '@registry-miners/crates-index-manager';

/** What `/metrics` reports, in the Prometheus text format (prom-client). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({ name: 'crates_resolver_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [this.registry] });
  readonly #latency = new Histogram({
    name: 'crates_resolver_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #resolutions = new Counter({ name: 'crates_resolver_resolutions_total', help: 'Resolutions by outcome (ok or the error code)', labelNames: ['outcome'], registers: [this.registry] });
  readonly #indexOperations = new Histogram({
    name: 'crates_resolver_index_operation_duration_seconds',
    help: 'Clones and fetches of the index repositories',
    labelNames: ['operation', 'ok'],
    buckets: [0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  /** `collect` gauges: read when scraped. */
  constructor(sources: { inFlight: () => number; resolutionCacheBytes: () => number; indexCacheBytes: () => Promise<number> }) {
    collectDefaultMetrics({ register: this.registry }); // process memory, CPU, event loop lag, heap
    this.#gauge('crates_resolver_resolutions_in_flight', 'Resolutions admitted and not answered yet', sources.inFlight);
    this.#gauge('crates_resolver_resolution_cache_bytes', 'Bytes held by the search caches (trees, version lists, histories) of all workers', sources.resolutionCacheBytes);
    this.#gauge('crates_resolver_index_cache_bytes', 'Bytes on disk of the index clones', sources.indexCacheBytes);
  }

  /** A gauge read when scraped. */
  #gauge(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  request(route: string, status: number, seconds: number): void {
    this.#requests.inc({ route, status: String(status) });
    this.#latency.observe({ route }, seconds);
  }

  resolution(outcome: string): void {
    this.#resolutions.inc({ outcome });
  }

  indexOperation(event: IndexOperationEvent): void {
    this.#indexOperations.observe({ operation: event.operation, ok: String(event.ok) }, event.seconds);
  }
}
