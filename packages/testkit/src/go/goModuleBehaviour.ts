/**
 * How the fake proxy treats one module, decided by a hash of the module number. The go-miner asks
 * `.info` of the newest version it saw in the index and falls back to `@latest`; these cover every
 * outcome of that procedure.
 *
 * - `origin`: `.info` and `@latest` both carry `Origin` (most modules).
 * - `latest-origin`: the newest `.info` has no `Origin`, `@latest` has one.
 * - `info-gone`: the newest `.info` is 404, `@latest` has `Origin`.
 * - `no-origin`: 200 everywhere, never an `Origin` (modules cached before Go 1.19).
 * - `no-origin-latest-gone`: `.info` 200 without `Origin`, `@latest` 404.
 * - `gone-404` / `gone-410`: every proxy URL of the module is 404 / 410.
 */
export type GoModuleBehaviour =
  | 'origin'
  | 'latest-origin'
  | 'info-gone'
  | 'no-origin'
  | 'no-origin-latest-gone'
  | 'gone-404'
  | 'gone-410';

/** Share of modules (per mille) given each behaviour. */
export const GO_MODULE_BEHAVIOUR_WEIGHTS: Readonly<Record<GoModuleBehaviour, number>> = {
  origin: 700,
  'latest-origin': 70,
  'info-gone': 50,
  'no-origin': 90,
  'no-origin-latest-gone': 20,
  'gone-404': 40,
  'gone-410': 30,
};

const ORDER = Object.keys(GO_MODULE_BEHAVIOUR_WEIGHTS) as GoModuleBehaviour[];

/** Maps a uniform 32-bit hash to a behaviour according to the weights. */
export function behaviourFromHash(h: number): GoModuleBehaviour {
  let r = h % 1000;
  for (const behaviour of ORDER) {
    r -= GO_MODULE_BEHAVIOUR_WEIGHTS[behaviour];
    if (r < 0) return behaviour;
  }
  return 'origin';
}

/** Whether versions of a module with this behaviour can carry `Origin` at all. */
export function behaviourHasOrigin(behaviour: GoModuleBehaviour): boolean {
  return behaviour === 'origin' || behaviour === 'latest-origin' || behaviour === 'info-gone';
}
