/** Where the code of a module path lives: the repository, and the import path of its root. */
export interface RepositoryRoot {
  /** Import path of the repository root (`github.com/BurntSushi/toml` for `github.com/BurntSushi/toml/v2/sub`). */
  root: string;
  /** Version control system: `git`, `hg`, `svn`, `bzr` or `fossil`. */
  vcs: string;
  /** Repository URL with its scheme, in the path's own case (`https://github.com/BurntSushi/toml`). */
  url: string;
}

/** Version control systems the go command knows (`mod` entries are proxies, not repositories). */
export const KNOWN_VCS: ReadonlySet<string> = new Set(['git', 'hg', 'svn', 'bzr', 'fossil']);
