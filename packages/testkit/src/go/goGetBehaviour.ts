import { goGetPage, type GoGetReply } from './GoGetReply.js';
import { moduleCandidates } from './goModuleShape.js';
import { hashIndex, saltKey } from './hash.js';
import type { SyntheticGoDataset } from './SyntheticGoDataset.js';

/**
 * How a vanity host of the synthetic dataset answers `?go-get=1` for its module (by hash of the
 * module number):
 * - `single`: one go-import tag for the path;
 * - `root-prefix`: one tag whose prefix is the host alone (covers the path at a `/` boundary);
 * - `mod-entry`: a `mod` tag (a proxy) and a git tag, both for the path;
 * - `go-source`: a go-import tag and a go-source tag;
 * - `several`: two go-import tags both covering the path (no answer, as in the go command);
 * - `not-found`: 404 with a plain page;
 * - `hang`: no answer at all;
 * - `garbage`: HTML-ish noise with a go-import tag for another path only (no answer);
 * - `redirect`: 302 to the same URL with `&redirected=1`, which answers like `single`.
 */
export type GoGetBehaviour = 'single' | 'root-prefix' | 'mod-entry' | 'go-source' | 'several' | 'not-found' | 'hang' | 'garbage' | 'redirect';

/** Share of vanity modules (per mille) given each behaviour. */
export const GO_GET_BEHAVIOUR_WEIGHTS: Readonly<Record<GoGetBehaviour, number>> = {
  single: 400,
  'root-prefix': 100,
  'mod-entry': 100,
  'go-source': 100,
  several: 60,
  'not-found': 60,
  hang: 20,
  garbage: 60,
  redirect: 100,
};

const ORDER = Object.keys(GO_GET_BEHAVIOUR_WEIGHTS) as GoGetBehaviour[];
const GO_GET_PURPOSE = 0x676f6774;

/** The go-get behaviour of vanity module `m` (undefined for modules on forges). */
export function goGetBehaviour(dataset: SyntheticGoDataset, m: number): GoGetBehaviour | undefined {
  if (dataset.moduleShape(m).kind !== 'vanity') return undefined;
  let r = hashIndex(saltKey(dataset.seed, GO_GET_PURPOSE), m) % 1000;
  for (const behaviour of ORDER) {
    r -= GO_GET_BEHAVIOUR_WEIGHTS[behaviour];
    if (r < 0) return behaviour;
  }
  return 'single';
}

/**
 * The repository root of a forge module as the forge's own `?go-get=1` page names it (GitHub and
 * Codeberg append `.git`, sourcehut does not); for gitlab.com the project is the whole path.
 */
function forgeImport(dataset: SyntheticGoDataset, m: number): { prefix: string; url: string } | undefined {
  const shape = dataset.moduleShape(m);
  const parts = shape.path.split('/');
  switch (shape.kind) {
    case 'vanity':
      return undefined;
    case 'gitlab':
      return { prefix: shape.path, url: `https://${shape.path}.git` };
    case 'sourcehut': {
      const prefix = parts.slice(0, 3).join('/');
      return { prefix, url: `https://${prefix}` };
    }
    default: {
      const prefix = parts.slice(0, 3).join('/');
      return { prefix, url: `https://${prefix}.git` };
    }
  }
}

/** The go-import answer a correct client takes from the module's host, or null when there is none. */
export function goGetTruth(dataset: SyntheticGoDataset, m: number): { url: string; vcs: string } | null {
  const forge = forgeImport(dataset, m);
  if (forge) return { url: forge.url, vcs: 'git' };
  switch (goGetBehaviour(dataset, m)) {
    case 'single':
    case 'root-prefix':
    case 'mod-entry':
    case 'go-source':
    case 'redirect':
      return { url: dataset.moduleShape(m).repoUrl, vcs: 'git' };
    default:
      return null;
  }
}

/**
 * The page of a path that is no module but a prefix some module's tag names (a forge repository root
 * above a nested module, a vanity host root): the same tag, so a client verifying the prefix (as the
 * go command does) finds agreement. Anything else: 404.
 */
function prefixReply(dataset: SyntheticGoDataset, path: string): GoGetReply {
  for (const m of moduleCandidates(path, dataset.moduleCount)) {
    const forge = forgeImport(dataset, m);
    if (forge?.prefix === path) return { status: 200, body: goGetPage(['go-import', `${forge.prefix} git ${forge.url}`]) };
    const modulePath = dataset.modulePath(m);
    if (goGetBehaviour(dataset, m) === 'root-prefix' && modulePath.startsWith(`${path}/`) && !path.includes('/')) {
      return { status: 200, body: goGetPage(['go-import', `${path} git ${dataset.moduleShape(m).repoUrl}`]) };
    }
  }
  return { status: 404, body: 'not found\n' };
}

const GARBAGE =
  '<html><head><title>Parked domain</title>\u0000\u00ff<meta name="go-import" content="example.invalid/other git https://example.invalid/other">' +
  '<meta name=go-import content="too few fields"><meta content="no name"><<<>>><meta name="go-import" content="' +
  '</head><body><meta name="go-import" content="late git https://example.invalid/late"></body>';

/**
 * What the module's host serves for `GET /<path>?go-get=1` (query as received). Unknown paths get a
 * 404. Forge modules get the forge's page.
 */
export function goGetReply(dataset: SyntheticGoDataset, path: string, query: string): GoGetReply {
  const m = dataset.findModule(path);
  if (m === undefined) return prefixReply(dataset, path);
  const forge = forgeImport(dataset, m);
  if (forge) return { status: 200, body: goGetPage(['go-import', `${forge.prefix} git ${forge.url}`]) };
  const repo = dataset.moduleShape(m).repoUrl;
  const host = path.slice(0, path.indexOf('/'));
  const single = goGetPage(['go-import', `${path} git ${repo}`]);
  switch (goGetBehaviour(dataset, m)!) {
    case 'single':
      return { status: 200, body: single };
    case 'root-prefix':
      return { status: 200, body: goGetPage(['go-import', `${host} git ${repo}`]) };
    case 'mod-entry':
      return { status: 200, body: goGetPage(['go-import', `${path} mod https://proxy.example.invalid`], ['go-import', `${path} git ${repo}`]) };
    case 'go-source':
      return { status: 200, body: goGetPage(['go-import', `${path} git ${repo}`], ['go-source', `${path} ${repo} ${repo}/tree/main{/dir} ${repo}/blob/main{/dir}/{file}#L{line}`]) };
    case 'several':
      return { status: 200, body: goGetPage(['go-import', `${path} git ${repo}`], ['go-import', `${host} git ${repo}-mirror`]) };
    case 'not-found':
      return { status: 404, body: '<html><body>404 page not found</body></html>\n' };
    case 'hang':
      return { hang: true };
    case 'garbage':
      return { status: 200, body: GARBAGE };
    case 'redirect':
      return query.includes('redirected=1')
        ? { status: 200, body: single }
        : { status: 302, body: '', headers: { location: `?${query}&redirected=1` } };
  }
}
