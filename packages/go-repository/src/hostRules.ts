import type { RepositoryRoot } from './RepositoryRoot.js';

/**
 * One static rule: a host prefix, a pattern over the whole module path whose `root` group is the
 * repository root, and how the repository URL follows from the match.
 */
export interface HostRule {
  /** Name shown in docs and tests (`github.com`). */
  name: string;
  /** Paths starting with this are decided by the rule alone (a non-match means "no answer"). */
  prefix: string;
  pattern: RegExp;
  toRoot(match: RegExpExecArray): RepositoryRoot | undefined;
}

// One path element as the go command's own patterns accept it.
const E = '[A-Za-z0-9_.\\-]+';
const TAIL = `(?:/${E})*`;
const VCS_SUFFIX = /\.(git|hg|svn|bzr|fossil)$/;

function httpsRoot(vcs: string): (match: RegExpExecArray) => RepositoryRoot | undefined {
  return (match) => {
    const root = match.groups!['root']!;
    // github.com/x/y.git is refused by the go command (a VCS suffix on a known host).
    if (VCS_SUFFIX.test(root)) return undefined;
    return { root, vcs, url: `https://${root}` };
  };
}

/**
 * The static rules, in the order they are tried. The first six are the go command's own
 * (`cmd/go/internal/vcs`, `vcsPaths`); gitee, codeberg, sourcehut, golang.org/x and gopkg.in are
 * what pkg.go.dev and the hosts themselves answer. gitlab.com is deliberately absent: with subgroups
 * a path alone does not tell where the project ends (only `gitlab.com/GROUP/PROJECT`, two elements,
 * is unambiguous).
 */
export const HOST_RULES: readonly HostRule[] = [
  { name: 'github.com', prefix: 'github.com/', pattern: new RegExp(`^(?<root>github\\.com/${E}/${E})${TAIL}$`), toRoot: httpsRoot('git') },
  // The go command asks Bitbucket's API for the VCS; Bitbucket has served only git since 2020.
  { name: 'bitbucket.org', prefix: 'bitbucket.org/', pattern: new RegExp(`^(?<root>bitbucket\\.org/${E}/${E})${TAIL}$`), toRoot: httpsRoot('git') },
  { name: 'hub.jazz.net', prefix: 'hub.jazz.net/git/', pattern: new RegExp(`^(?<root>hub\\.jazz\\.net/git/[a-z0-9]+/${E})${TAIL}$`), toRoot: httpsRoot('git') },
  {
    name: 'git.apache.org',
    prefix: 'git.apache.org/',
    pattern: new RegExp(`^(?<root>git\\.apache\\.org/[a-z0-9_.\\-]+\\.git)${TAIL}$`),
    toRoot: (match) => ({ root: match.groups!['root']!, vcs: 'git', url: `https://${match.groups!['root']!}` }),
  },
  {
    name: 'git.openstack.org',
    prefix: 'git.openstack.org/',
    pattern: new RegExp(`^(?<root>git\\.openstack\\.org/${E}/${E})(?:\\.git)?${TAIL}$`),
    toRoot: (match) => ({ root: match.groups!['root']!, vcs: 'git', url: `https://${match.groups!['root']!}` }),
  },
  {
    name: 'chiselapp.com',
    prefix: 'chiselapp.com/',
    pattern: /^(?<root>chiselapp\.com\/user\/[A-Za-z0-9]+\/repository\/[A-Za-z0-9_.-]+)$/,
    toRoot: (match) => ({ root: match.groups!['root']!, vcs: 'fossil', url: `https://${match.groups!['root']!}` }),
  },
  { name: 'gitee.com', prefix: 'gitee.com/', pattern: new RegExp(`^(?<root>gitee\\.com/${E}/${E})${TAIL}$`), toRoot: httpsRoot('git') },
  { name: 'codeberg.org', prefix: 'codeberg.org/', pattern: new RegExp(`^(?<root>codeberg\\.org/${E}/${E})${TAIL}$`), toRoot: httpsRoot('git') },
  { name: 'git.sr.ht', prefix: 'git.sr.ht/', pattern: new RegExp(`^(?<root>git\\.sr\\.ht/~${E}/${E})${TAIL}$`), toRoot: httpsRoot('git') },
  { name: 'gitlab.com', prefix: 'gitlab.com/', pattern: new RegExp(`^(?<root>gitlab\\.com/${E}/${E})$`), toRoot: httpsRoot('git') },
  {
    name: 'golang.org/x',
    prefix: 'golang.org/x/',
    pattern: new RegExp(`^(?<root>golang\\.org/x/(?<name>${E}))${TAIL}$`),
    toRoot: (match) => ({ root: match.groups!['root']!, vcs: 'git', url: `https://go.googlesource.com/${match.groups!['name']!}` }),
  },
  {
    // gopkg.in/NAME.vN → github.com/go-NAME/NAME; gopkg.in/USER/NAME.vN → github.com/USER/NAME.
    name: 'gopkg.in',
    prefix: 'gopkg.in/',
    pattern: /^(?<root>gopkg\.in\/(?:(?<user>[A-Za-z0-9][-A-Za-z0-9]*)\/)?(?<name>[A-Za-z][-.A-Za-z0-9]*?)\.v(?:0|[1-9][0-9]*)(?:-unstable)?)(?:\/[A-Za-z0-9_.-]+)*$/,
    toRoot: (match) => {
      const { root, user, name } = match.groups as { root: string; user?: string; name: string };
      return { root, vcs: 'git', url: user ? `https://github.com/${user}/${name}` : `https://github.com/go-${name}/${name}` };
    },
  },
  {
    // Any host with an explicit VCS suffix (`example.org/repo.git/sub`): the go command's last static
    // rule. It tries schemes with `git ls-remote` and friends; without a network probe, https.
    name: 'explicit VCS suffix',
    prefix: '',
    pattern: /^(?<root>(?<repo>([a-z0-9.-]+\.)+[a-z0-9.-]+(:[0-9]+)?(\/~?[A-Za-z0-9_.-]+)+?)\.(?<vcs>bzr|fossil|git|hg|svn))(\/~?[A-Za-z0-9_.-]+)*$/,
    toRoot: (match) => {
      const { root, repo, vcs } = match.groups as { root: string; repo: string; vcs: string };
      return { root, vcs, url: `https://${repo}` };
    },
  },
];
