import { hashIndex as hashIndexImport } from './hash.js';

const hashIndex = hashIndexImport;

/** Where a synthetic module lives and how its versions look. */
export type GoModuleKind =
  | 'github'
  | 'github-major'
  | 'github-subdir'
  | 'vanity'
  | 'gitlab'
  | 'bitbucket'
  | 'sourcehut'
  | 'codeberg'
  | 'case-twin';

/** How a module's versions are written: `v1.2.3`, `v0.0.0-20170102030405-abcdef123456`, `v3.1.2+incompatible`. */
export type GoVersionStyle = 'tagged' | 'pseudo' | 'incompatible';

/** Everything about one module that follows from its number alone. */
export interface GoModuleShape {
  readonly path: string;
  readonly kind: GoModuleKind;
  /** `Origin.URL` when the proxy reports one: the repository, in its own case; for vanity paths another name. */
  readonly repoUrl: string;
  /** `Origin.Subdir` for a module nested in a repository. */
  readonly subdir: string | undefined;
  readonly versionStyle: GoVersionStyle;
  /** Major version of every version of the module (0 or 1 for unsuffixed paths). */
  readonly major: number;
  /** Whether the proxy's JSON for this module carries fields a client must ignore. */
  readonly extraFields: 'none' | 'origin' | 'top-level';
}

const OWNERS = [
  'acme', 'nimbus', 'quartz', 'ember', 'harbor', 'lumen', 'pixel', 'orbit', 'delta', 'cobalt', 'juniper', 'falcon',
  'granite', 'meadow', 'vertex', 'sable', 'tundra', 'willow', 'zephyr', 'aurora', 'basalt', 'cedar', 'dune', 'fjord',
  'glacier', 'heron', 'iris', 'jasper', 'kestrel', 'lotus', 'marble', 'nova', 'onyx', 'prairie', 'quill', 'raven',
  'sierra', 'tidal', 'umber', 'violet', 'wren', 'yarrow', 'alder', 'birch', 'comet', 'drift', 'echo', 'flint',
];
const OWNER_PARTS = [
  'Burnt', 'Sushi', 'Cloud', 'Works', 'Labs', 'Data', 'Dog', 'Stack', 'Grid', 'Byte', 'Forge', 'Hub', 'Open', 'Source',
  'Blue', 'Green', 'Red', 'Iron', 'Silver', 'Quantum', 'Rapid', 'Micro', 'Net', 'Code',
];
const REPOS = [
  'toml', 'yaml', 'cli', 'router', 'logger', 'cache', 'sdk', 'client', 'proto', 'grpc-gateway', 'kit', 'mux', 'sqlx',
  'queue', 'jwt', 'retry', 'config', 'errors', 'uuid', 'assert', 'metrics', 'tracing', 'auth', 'storage', 'scheduler',
  'parser', 'lexer', 'bloom', 'ratelimit', 'pool', 'mailer', 'webhook', 'graphql', 'orm', 'migrate', 'cron', 'dns',
  'proxy', 'tunnel', 'vault', 'ledger', 'search', 'crawler', 'image', 'pdf', 'csv', 'semver', 'diff',
];
const SUBDIRS = ['api', 'sdk', 'client', 'server', 'tools', 'contrib', 'plugins', 'exporter'];
const TLDS = ['org', 'dev', 'io', 'net'];

function pick<T>(list: readonly T[], h: number): T {
  return list[h % list.length] as T;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// Precomputed pieces: path building runs for most index entries, so it only concatenates constants.
const CAPITAL_OWNERS = OWNERS.map(capitalize);
const CAPITAL_REPOS = REPOS.map(capitalize);
const NUMBERS = Array.from({ length: 100 }, (_, k) => String(k));
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE36_PAIRS = Array.from({ length: 36 * 36 }, (_, k) => BASE36[Math.floor(k / 36)]! + BASE36[k % 36]!);
const BASE36_SHORT = Array.from({ length: 36 * 36 }, (_, k) => k.toString(36));

/** `m.toString(36)`, faster. */
function base36(m: number): string {
  if (m < 1296) return BASE36_SHORT[m] as string;
  const high = Math.floor(m / 1296);
  return (high < 1296 ? (BASE36_SHORT[high] as string) : base36(high)) + (BASE36_PAIRS[m - high * 1296] as string);
}

/** An owner name; about a third carry capitals (`BurntSushi`, `Nimbus`) to exercise case-encoding. */
function ownerName(h: number): string {
  const style = h % 100;
  if (style < 22) return pick(OWNER_PARTS, h >>> 7) + pick(OWNER_PARTS, h >>> 13);
  if (style < 34) return pick(CAPITAL_OWNERS, h >>> 7);
  if (style < 50) return pick(OWNERS, h >>> 7) + '-' + pick(OWNERS, h >>> 13) + 'x';
  return (h >>> 20) % 10 < 3 ? pick(OWNERS, h >>> 7) + NUMBERS[(h >>> 24) % 100] : pick(OWNERS, h >>> 7);
}

/** A repository name ending in `-<module number in base 36>`, which keeps every path unique. */
function repoName(h: number, m: number): string {
  return ((h >>> 17) % 100 < 8 ? pick(CAPITAL_REPOS, h >>> 9) : pick(REPOS, h >>> 9)) + '-' + base36(m);
}

/** Hash keys of the dataset that module shapes derive from. */
export interface GoModuleShapeKeys {
  readonly kind: number;
  readonly name: number;
  readonly style: number;
}

function kindFromHash(h: number): GoModuleKind {
  const r = h % 1000;
  if (r < 640) return 'github';
  if (r < 700) return 'github-major';
  if (r < 750) return 'github-subdir';
  if (r < 830) return 'vanity';
  if (r < 890) return 'gitlab';
  if (r < 925) return 'bitbucket';
  if (r < 945) return 'sourcehut';
  if (r < 965) return 'codeberg';
  return 'case-twin';
}

function moduleKind(keys: GoModuleShapeKeys, m: number): GoModuleKind {
  const kind = kindFromHash(hashIndex(keys.kind, m));
  // A case twin re-uses the previous module's repository with its owner in another case, as
  // github.com/Sirupsen/logrus and github.com/sirupsen/logrus both exist. Only a plain GitHub module
  // can have a twin, and a twin is never twinned again, so paths stay unique.
  if (kind === 'case-twin' && (m === 0 || kindFromHash(hashIndex(keys.kind, m - 1)) !== 'github')) return 'github';
  return kind;
}

/** Toggles the case of an owner so that a twin path differs from the original only in case. */
function toggledCase(owner: string): string {
  return owner === owner.toLowerCase() ? capitalize(owner) : owner.toLowerCase();
}

interface PathParts {
  readonly kind: GoModuleKind;
  readonly path: string;
  readonly owner: string;
  readonly repo: string;
  readonly h: number;
}

function pathParts(keys: GoModuleShapeKeys, m: number): PathParts {
  const kind = moduleKind(keys, m);
  const base = kind === 'case-twin' ? m - 1 : m;
  const owner = ownerName(hashIndex(keys.name, base));
  const repo = repoName(hashIndex(keys.name ^ 0x2545f491, base), base);
  const h = hashIndex(keys.name ^ 0x68e31da4, m);
  let path: string;
  switch (kind) {
    case 'github':
      path = 'github.com/' + owner + '/' + repo;
      break;
    case 'case-twin':
      path = 'github.com/' + toggledCase(owner) + '/' + repo;
      break;
    case 'github-major':
      path = 'github.com/' + owner + '/' + repo + '/v' + (2 + (h % 5));
      break;
    case 'github-subdir':
      path = 'github.com/' + owner + '/' + repo + '/' + pick(SUBDIRS, h);
      break;
    case 'vanity':
      path = 'go.' + pick(OWNERS, h >>> 3) + '-' + base36(m) + '.' + pick(TLDS, h >>> 19) + '/' + pick(REPOS, h >>> 11);
      break;
    case 'gitlab':
      path = 'gitlab.com/' + ((h >>> 5) % 2 === 0 ? owner + '/' + pick(OWNERS, h >>> 9) : owner) + '/' + repo;
      break;
    case 'bitbucket':
      path = 'bitbucket.org/' + owner + '/' + repo;
      break;
    case 'sourcehut':
      path = 'git.sr.ht/~' + owner.toLowerCase() + '/' + repo;
      break;
    case 'codeberg':
      path = 'codeberg.org/' + owner + '/' + repo;
      break;
  }
  return { kind, path, owner, repo, h };
}

/** The path of module `m` (the cheap part of {@link computeModuleShape}). */
export function computeModulePath(keys: GoModuleShapeKeys, m: number): string {
  const hk = hashIndex(keys.kind, m);
  const r = hk % 1000;
  // Fast path for the plain GitHub majority; every other kind goes through pathParts.
  if (r < 640) {
    return (
      'github.com/' +
      ownerName(hashIndex(keys.name, m)) +
      '/' +
      repoName(hashIndex(keys.name ^ 0x2545f491, m), m)
    );
  }
  return pathParts(keys, m).path;
}

const STYLES: readonly GoVersionStyle[] = ['tagged', 'pseudo', 'incompatible'];

/** Version style and major of module `m`, packed as `style * 16 + major` (see {@link unpackVersionCode}). */
export function computeVersionCode(keys: GoModuleShapeKeys, m: number): number {
  const kind = moduleKind(keys, m);
  if (kind === 'github-major') return 2 + (hashIndex(keys.name ^ 0x68e31da4, m) % 5);
  const hs = hashIndex(keys.style, m);
  const styleRoll = (hs >>> 12) % 100;
  if (styleRoll < 8) return 16;
  if (styleRoll < 15) return 32 + 2 + ((hs >>> 20) % 4);
  return (hs >>> 8) & 1;
}

/** Inverse of the packing of {@link computeVersionCode}. */
export function unpackVersionCode(code: number): { versionStyle: GoVersionStyle; major: number } {
  return { versionStyle: STYLES[code >>> 4] as GoVersionStyle, major: code & 15 };
}

/** Computes the shape of module `m` (0-based) under the dataset's hash keys. */
export function computeModuleShape(keys: GoModuleShapeKeys, m: number): GoModuleShape {
  const { kind, path, owner, repo, h } = pathParts(keys, m);
  const { versionStyle, major } = unpackVersionCode(computeVersionCode(keys, m));
  const hs = hashIndex(keys.style, m);
  const extraFields = hs % 16 === 0 ? 'origin' : hs % 16 === 1 ? 'top-level' : 'none';
  let repoUrl: string;
  let subdir: string | undefined;
  switch (kind) {
    case 'github-major':
      repoUrl = `https://github.com/${owner}/${repo}`;
      break;
    case 'github-subdir':
      subdir = pick(SUBDIRS, h);
      repoUrl = `https://github.com/${owner}/${repo}`;
      break;
    case 'vanity':
      // The Origin names the real repository, which has nothing in common with the import path.
      repoUrl = `https://github.com/${pick(CAPITAL_OWNERS, h >>> 3)}${pick(OWNER_PARTS, h >>> 23)}/${pick(REPOS, h >>> 11)}-go`;
      break;
    default:
      repoUrl = `https://${path}`;
  }
  return { path, kind, repoUrl, subdir, versionStyle, major, extraFields };
}

const CANDIDATE = /-([0-9a-z]+)(?=[/.]|$)/g;

/**
 * Module numbers that `path` could belong to: each `-<base36>` token, and the next number (a case
 * twin carries its predecessor's token). The caller confirms a candidate by recomputing its path.
 */
export function moduleCandidates(path: string, moduleCount: number): number[] {
  const out: number[] = [];
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(path); match !== null; match = CANDIDATE.exec(path)) {
    const token = match[1] as string;
    if (token.length > 8) continue;
    const m = parseInt(token, 36);
    if (m < moduleCount) out.push(m);
    if (m + 1 < moduleCount) out.push(m + 1);
  }
  return out;
}
