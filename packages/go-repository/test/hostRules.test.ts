import { describe, expect, it } from 'vitest';
import { repositoryFromHosts } from '../src/index.js';

// Expected values are written from the go command's documented behaviour (`go help importpath`,
// cmd/go/internal/vcs) and the hosts' own layouts, not computed by the code under test.
const CASES: Array<[path: string, url: string | undefined, root?: string, vcs?: string]> = [
  ['github.com/BurntSushi/toml', 'https://github.com/BurntSushi/toml', 'github.com/BurntSushi/toml', 'git'],
  ['github.com/BurntSushi/toml/v2', 'https://github.com/BurntSushi/toml', 'github.com/BurntSushi/toml'],
  ['github.com/Azure/azure-sdk-for-go/sdk/storage/azblob', 'https://github.com/Azure/azure-sdk-for-go'],
  ['github.com/onlyowner', undefined],
  ['github.com/owner/repo.git', undefined], // the go command refuses a VCS suffix on a known host
  ['bitbucket.org/ww/goautoneg', 'https://bitbucket.org/ww/goautoneg'],
  ['gitee.com/Owner/Repo/sub', 'https://gitee.com/Owner/Repo'],
  ['codeberg.org/forgejo/forgejo/v7', 'https://codeberg.org/forgejo/forgejo'],
  ['git.sr.ht/~sircmpwn/getopt', 'https://git.sr.ht/~sircmpwn/getopt'],
  ['git.sr.ht/sircmpwn/getopt', undefined], // sourcehut users are ~names
  ['gitlab.com/gitlab-org/api', 'https://gitlab.com/gitlab-org/api'],
  ['gitlab.com/gitlab-org/api/client-go', undefined], // subgroup or subdirectory: ask gitlab.com
  ['golang.org/x/tools/gopls', 'https://go.googlesource.com/tools', 'golang.org/x/tools'],
  ['golang.org/x/text', 'https://go.googlesource.com/text'],
  ['gopkg.in/yaml.v3', 'https://github.com/go-yaml/yaml', 'gopkg.in/yaml.v3'],
  ['gopkg.in/check.v1', 'https://github.com/go-check/check'],
  ['gopkg.in/DataDog/dd-trace-go.v1/ddtrace', 'https://github.com/DataDog/dd-trace-go', 'gopkg.in/DataDog/dd-trace-go.v1'],
  ['gopkg.in/src-d/go-git.v4', 'https://github.com/src-d/go-git'],
  ['gopkg.in/yaml', undefined], // no .vN
  ['hub.jazz.net/git/user1/pkg/sub', 'https://hub.jazz.net/git/user1/pkg'],
  ['git.apache.org/thrift.git/lib/go/thrift', 'https://git.apache.org/thrift.git', 'git.apache.org/thrift.git'],
  ['git.openstack.org/openstack/swift/sub', 'https://git.openstack.org/openstack/swift'],
  ['chiselapp.com/user/kyle/repository/fossilgg', 'https://chiselapp.com/user/kyle/repository/fossilgg', undefined, 'fossil'],
  ['example.org/user/foo.hg/sub', 'https://example.org/user/foo', 'example.org/user/foo.hg', 'hg'],
  ['code.example.com/~me/tools.git', 'https://code.example.com/~me/tools', 'code.example.com/~me/tools.git', 'git'],
  ['go.uber.org/zap', undefined],
  ['cloud.google.com/go/storage', undefined],
  ['k8s.io/client-go', undefined],
];

describe('repositoryFromHosts', () => {
  it.each(CASES)('%s → %s', (path, url, root, vcs) => {
    const result = repositoryFromHosts(path);
    expect(result?.url).toBe(url);
    if (root !== undefined) expect(result?.root).toBe(root);
    if (vcs !== undefined) expect(result?.vcs).toBe(vcs);
  });

  it('never answers for an overlong path and refuses non-strings', () => {
    expect(repositoryFromHosts(`github.com/a/${'b'.repeat(600)}`)).toBeUndefined();
    expect(() => repositoryFromHosts(42 as unknown as string)).toThrow(TypeError);
  });
});
