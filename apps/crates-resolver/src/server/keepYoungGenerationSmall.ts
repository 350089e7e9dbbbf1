import { setFlagsFromString } from 'node:v8';

/**
 * Keeps the young generation of the service's isolates at its starting size. Under load V8 grows the
 * main thread's to 32 MiB (two 16 MiB semi-spaces), a tenth of the service's memory, for requests
 * whose data lives a few milliseconds; the searches' workers are capped already (ResolutionPool).
 * V8 reads this flag each time it would grow the space, so setting it after start-up takes effect,
 * unlike `--max-semi-space-size`, which is read once when the process starts. Measured in
 * bench/serve.bench.ts: RSS under load, and the CPU per request it costs.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
