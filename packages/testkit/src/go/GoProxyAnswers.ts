import type { GoFeedFacts } from './GoFeedFacts.js';
import type { GoFeedTimeline } from './GoFeedTimeline.js';
import type { GoModuleCatalog } from './GoModuleCatalog.js';
import { PSEUDO_BASE_SECONDS } from './GoModuleCatalog.js';
import { behaviourHasOrigin } from './goModuleBehaviour.js';
import type { GoOrigin, GoProxyReply, GoVersionInfo } from './GoProxyReply.js';
import { formatGoSeconds, GO_ORIGIN_SINCE_US } from './goTimestamps.js';
import { hex8 } from './hash.js';

const TEXT_PLAIN = 'text/plain; charset=UTF-8';
const JSON_TYPE = 'application/json';

/** What the proxy decides for one `.info` or `@latest` request, before rendering it. */
export type GoProxyOutcome = 'origin' | 'plain' | 404 | 410;

/**
 * What the fake proxy answers, from each module's behaviour (`goModuleBehaviour`):
 * 1. an outcome is decided first (200 with or without `Origin`, 404 or 410): the ground truth only
 *    needs that;
 * 2. a reply renders it: the `.info` JSON (time, `Origin` with a commit hash, extra fields some
 *    modules carry) or the proxy's `not found:` text.
 * `@latest` answers for the newest served version. Arguments are trusted: `SyntheticGoDataset`
 * checks them. `facts` is asked for lazily (its first use costs a pass over the feed).
 */
export class GoProxyAnswers {
  readonly #catalog: GoModuleCatalog;
  readonly #timeline: GoFeedTimeline;
  readonly #facts: () => GoFeedFacts;

  constructor(catalog: GoModuleCatalog, timeline: GoFeedTimeline, facts: () => GoFeedFacts) {
    this.#catalog = catalog;
    this.#timeline = timeline;
    this.#facts = facts;
  }

  /** The proxy's decision for `.info` of entry `i` of module `m`. */
  infoOutcome(m: number, i: number): GoProxyOutcome {
    const behaviour = this.#catalog.moduleBehaviour(m);
    if (behaviour === 'gone-404') return 404;
    if (behaviour === 'gone-410' || !this.#catalog.served(i)) return 410;
    if (i === this.#facts().lastServed[m]) {
      if (behaviour === 'origin') return 'origin';
      return behaviour === 'info-gone' ? 404 : 'plain';
    }
    return behaviourHasOrigin(behaviour) && this.#timeline.instantUs(i) >= GO_ORIGIN_SINCE_US ? 'origin' : 'plain';
  }

  /** The proxy's decision for `@latest` of module `m` (the version is its newest served one). */
  latestOutcome(m: number): GoProxyOutcome {
    const behaviour = this.#catalog.moduleBehaviour(m);
    if (behaviour === 'gone-404' || behaviour === 'no-origin-latest-gone') return 404;
    if (behaviour === 'gone-410' || (this.#facts().lastServed[m] as number) < 0) return 410;
    return behaviourHasOrigin(behaviour) ? 'origin' : 'plain';
  }

  /** `GET $proxy/<module>/@v/<version>.info` for entry `i` of module `m`. */
  infoReply(m: number, i: number): GoProxyReply {
    const outcome = this.infoOutcome(m, i);
    if (outcome === 'origin' || outcome === 'plain') return ok(this.#info(m, i, outcome === 'origin'));
    const path = this.#catalog.modulePath(m);
    const version = this.#catalog.versionOf(m, i);
    if (outcome === 404) return gone(404, `${path}@${version}: invalid version: unknown revision ${version}`);
    return this.#catalog.served(i)
      ? gone(410, `${path}@${version}: 410 Gone: module removed`)
      : gone(410, `${path}@${version}: version is no longer served`);
  }

  /** `GET $proxy/<module>/@latest` for module `m`. */
  latestReply(m: number): GoProxyReply {
    const outcome = this.latestOutcome(m);
    if (outcome === 'origin' || outcome === 'plain') {
      return ok(this.#info(m, this.#facts().lastServed[m] as number, outcome === 'origin'));
    }
    const path = this.#catalog.modulePath(m);
    if (outcome === 404) return gone(404, `module ${path}: no matching versions for query "latest"`);
    return gone(410, `module ${path}: 410 Gone: module removed`);
  }

  /** `GET $proxy/<module>/@v/list`: some versions, unsorted, possibly none. */
  listReply(m: number): GoProxyReply {
    const catalog = this.#catalog;
    const path = catalog.modulePath(m);
    const behaviour = catalog.moduleBehaviour(m);
    const facts = this.#facts();
    const newest = facts.lastServed[m] as number;
    if (behaviour === 'gone-404') return gone(404, `module ${path}: no matching versions`);
    if (behaviour === 'gone-410' || newest < 0) return gone(410, `module ${path}: 410 Gone: module removed`);
    const versions: string[] = [];
    if (catalog.moduleShape(m).versionStyle !== 'pseudo') {
      for (const i of [newest, catalog.firstEntry(m), facts.lastAll[m] as number]) {
        if (!catalog.served(i)) continue;
        const version = catalog.versionOf(m, i);
        if (!versions.includes(version)) versions.push(version);
      }
      if (catalog.listReversed(m)) versions.reverse();
    }
    return { status: 200, contentType: TEXT_PLAIN, body: versions.map((v) => v + '\n').join('') };
  }

  /** `GET $proxy/<module>/@v/<version>.mod`: follows the `.info` status. */
  modReply(m: number, i: number): GoProxyReply {
    const info = this.infoReply(m, i);
    if (info.status !== 200) return info;
    return { status: 200, contentType: TEXT_PLAIN, body: `module ${this.#catalog.modulePath(m)}\n\ngo 1.${13 + (m % 10)}\n` };
  }

  #info(m: number, i: number, withOrigin: boolean): GoVersionInfo {
    const shape = this.#catalog.moduleShape(m);
    const version = this.#catalog.versionOf(m, i);
    const commit = this.#catalog.commitHash(i);
    const time =
      shape.versionStyle === 'pseudo'
        ? formatGoSeconds((PSEUDO_BASE_SECONDS + i) * 1e6)
        : formatGoSeconds(this.#timeline.instantUs(i) - (commit % (30 * 86400)) * 1e6);
    const info: GoVersionInfo = { Version: version, Time: time };
    if (withOrigin) {
      const origin: GoOrigin = {
        VCS: 'git',
        URL: shape.repoUrl,
        Hash: hex8(commit) + hex8(commit ^ 0x9e3779b9) + hex8(commit ^ 0x7f4a7c15) + hex8(~commit) + hex8(commit * 31),
      };
      if (shape.subdir !== undefined) {
        origin.Subdir = shape.subdir;
        origin.TagPrefix = shape.subdir + '/';
      }
      if (shape.versionStyle !== 'pseudo') origin.Ref = `refs/tags/${origin.TagPrefix ?? ''}${version}`;
      if (shape.extraFields === 'origin') origin.Mirror = { Region: 'fake-1', Cached: true };
      info.Origin = origin;
    }
    if (shape.extraFields === 'top-level') info.Sum = 'h1:' + hex8(commit) + hex8(~commit) + '=';
    return info;
  }
}

function ok(info: GoVersionInfo): GoProxyReply {
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(info), info };
}

function gone(status: 404 | 410, message: string): GoProxyReply {
  return { status, contentType: TEXT_PLAIN, body: `not found: ${message}` };
}
