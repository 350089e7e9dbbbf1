/**
 * Finds the repositories of a few module paths offline: static host rules first, then `?go-get=1`
 * against local fake vanity hosts (testkit). Run:
 *   node --conditions=source --import tsx packages/go-repository/examples/findRepositories.ts
 */
import { HttpPool } from '@registry-miners/http-pool';
import { goGetPage, startFakeGoGetHosts } from '@registry-miners/testkit';
import { GoGetDiscovery, repositoryFromHosts } from '../src/index.js';

const hosts = await startFakeGoGetHosts({
  latencyMs: 50,
  answer: (path) => {
    if (path.startsWith('cloud.example.com/go')) return { status: 200, body: goGetPage(['go-import', 'cloud.example.com/go git https://github.com/example/google-cloud-go']) };
    if (path === 'go.example.org/zap') return { status: 200, body: goGetPage(['go-import', 'go.example.org/zap git https://github.com/example/zap']) };
    return { status: 404, body: 'not found' };
  },
});
const pool = new HttpPool({ maxRetries: 2 });
const discovery = new GoGetDiscovery({ pool, baseUrl: hosts.url });

const paths = [
  'github.com/BurntSushi/toml/v2',
  'gopkg.in/yaml.v3',
  'golang.org/x/tools/gopls',
  'gitlab.com/group/subgroup/project',
  'go.example.org/zap',
  'cloud.example.com/go/storage',
  'cloud.example.com/go/pubsub',
  'gone.example.net/x',
];
for (const path of paths) {
  const fromHosts = repositoryFromHosts(path);
  if (fromHosts) {
    console.log(`${path.padEnd(36)} hosts   ${fromHosts.url}`);
    continue;
  }
  const outcome = await discovery.discover(path);
  console.log(`${path.padEnd(36)} go-get  ${outcome.status === 'found' ? `${outcome.url} (prefix ${outcome.prefix}${outcome.cached ? ', cached' : ''})` : `none: ${outcome.code}`}`);
}
console.log(`requests to the vanity hosts: ${hosts.stats().requests}`);
await pool.close();
await hosts.close();
