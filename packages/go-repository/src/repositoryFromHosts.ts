import { expectedTypeError } from '@registry-miners/utils';
import { HOST_RULES } from './hostRules.js';
import type { RepositoryRoot } from './RepositoryRoot.js';

/**
 * The repository of a module path on a well-known host, from the path alone (no request): the
 * repository root, keeping the path's case, without the `/vN` or subdirectory tail. `undefined` when
 * no static rule decides it (vanity paths, gitlab.com paths with subgroups, malformed paths on a known
 * host): ask the host with `?go-get=1` ({@link GoGetDiscovery}).
 *
 * @example
 * repositoryFromHosts('github.com/BurntSushi/toml/v2/internal');
 * // { root: 'github.com/BurntSushi/toml', vcs: 'git', url: 'https://github.com/BurntSushi/toml' }
 * repositoryFromHosts('golang.org/x/tools/gopls'); // url: 'https://go.googlesource.com/tools'
 * repositoryFromHosts('gopkg.in/yaml.v3');         // url: 'https://github.com/go-yaml/yaml'
 * repositoryFromHosts('gitlab.com/group/sub/project'); // undefined: ask gitlab.com
 */
export function repositoryFromHosts(path: string): RepositoryRoot | undefined {
  if (typeof path !== 'string') throw expectedTypeError('path', 'a module path string', path);
  if (path.length > 512) return undefined;
  for (const rule of HOST_RULES) {
    if (!path.startsWith(rule.prefix)) continue;
    const match = rule.pattern.exec(path);
    if (match) return rule.toRoot(match);
    // A known host whose pattern does not match: the go command reports an invalid path, no fallback.
    if (rule.prefix !== '') return undefined;
  }
  return undefined;
}
