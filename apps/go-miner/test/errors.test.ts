import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closedPort, startFakeGoRegistry } from '@registry-miners/testkit';
import type { GoProxyReply } from '@registry-miners/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitUntilStopped } from './support/cli.js';
import { BAD_LINE, startMalformedIndex } from './support/malformedIndexServer.js';
import { startPrefixIndex } from './support/prefixIndexServer.js';
import { dataset, tempDir } from './support/registry.js';

const quiet = ['--progress', 'none'];

describe('error paths', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => {
    await cleanup();
  });

  it('rejects bad flags with a usage error (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--concurrency', 'abc'], /Expected `--concurrency` to be an integer from 1 to 1024, got 'abc'/],
      [['--shards', '0'], /Expected `--shards` to be an integer from 1 to 256, got '0'/],
      [['--format', 'xml'], /Argument: format, Given: "xml", Choices: "csv", "extended", "jsonl"/],
      [['--bogus'], /Unknown argument: bogus/],
      [['crawll'], /Did you mean `go-miner crawl`\?/],
      [['--index-url', 'not a url'], /Expected `--index-url` to be an absolute http\(s\) URL/],
      [['status', '--out', 'x.csv'], /Unknown argument: out/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli([...args, '--state-dir', join(dir, 'never-created')]);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('resolves relative paths against INIT_CWD under `pnpm start`, and explains a missing state dir', async () => {
    const env = { npm_package_name: 'go-miner', npm_lifecycle_event: 'start', INIT_CWD: dir };
    const result = await runCli(['status', '--state-dir', 'relative-state'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No go-miner state at ${join(dir, 'relative-state')}. [ERR_NO_STATE]`);
  });

  it('prints help for every command and the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--index-url', '--proxy-url', '--state-dir', '--out', '--format', '--include-all', '--concurrency', '--shards', '--allow-failed']) {
      expect(help.stdout).toContain(flag);
    }
    for (const command of ['run', 'crawl', 'lookup', 'export', 'status']) expect(help.stdout).toContain(`go-miner ${command}`);
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('fails within a bounded time when the index is unreachable, keeping the state (exit 1)', async () => {
    const port = await closedPort();
    const state = join(dir, 'unreachable');
    const result = await runCli([...quiet, '--index-url', `http://127.0.0.1:${port}/index`, '--max-retries', '2', '--state-dir', state]);
    expect(result.code).toBe(1);
    expect(result.durationMs).toBeLessThan(30_000);
    expect(result.stderr).toMatch(new RegExp(`Index request failed: http://127\\.0\\.0\\.1:${port}/index\\?\\S*limit=2000 .*failed after 3 attempts`));
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    const status = await runCli(['status', '--state-dir', state, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ config: { indexUrl: `http://127.0.0.1:${port}/index` }, crawl: { complete: false } });
  });

  it('names the cursor, the line number and the line of a malformed index line, keeping earlier pages (exit 1)', async () => {
    const index = await startMalformedIndex();
    const state = join(dir, 'malformed');
    try {
      const result = await runCli([...quiet, '--index-url', index.url, '--shards', '1', '--page-limit', '2', '--state-dir', state]);
      expect(result.code).toBe(1);
      // Pages are inclusive of their `since`: the third page starts at the third entry, its line 2 is bad.
      expect(result.stderr).toContain('(since=2019-04-12T10:00:00.5Z)');
      expect(result.stderr).toMatch(/Malformed index line 2 of http:\/\/127\.0\.0\.1:\d+\/index\?since=2019-04-12T10%3A00%3A00\.5Z&limit=2/);
      expect(result.stderr).toContain(JSON.stringify(BAD_LINE));
      expect(result.stderr).toContain('[ERR_INDEX_MALFORMED_LINE]');
      const status = JSON.parse((await runCli(['status', '--state-dir', state, '--json'])).stdout);
      // The earlier pages are kept in the crawl's committed runs (modules are written when the crawl completes).
      expect(status).toMatchObject({ crawl: { complete: false, counters: { pages: 2, entries: 3 } } });
    } finally {
      await index.close();
    }
  });

  describe('with a small crawled state', () => {
    const data = dataset();
    const VISIBLE = 2000;
    let index: Awaited<ReturnType<typeof startPrefixIndex>>;
    let state: string;
    beforeAll(async () => {
      index = await startPrefixIndex(data, VISIBLE);
      state = join(dir, 'small');
      const crawl = await runCli(['crawl', ...quiet, '--index-url', index.url, '--shards', '1', '--state-dir', state]);
      expect(crawl.code).toBe(0);
    });
    afterAll(async () => {
      await index.close();
    });

    it('refuses a state directory made for another index URL or mode (exit 2)', async () => {
      const other = await runCli(['crawl', ...quiet, '--index-url', 'http://127.0.0.1:9/other/index', '--state-dir', state]);
      expect(other.code).toBe(2);
      expect(other.stderr).toContain(`belongs to ${index.url}, not http://127.0.0.1:9/other/index`);
      expect(other.stderr).toContain(`hint: Pass --index-url ${index.url} to continue it, or choose another --state-dir`);
      const all = await runCli(['crawl', ...quiet, '--index-url', index.url, '--include-all', '--state-dir', state]);
      expect(all.code).toBe(2);
      expect(all.stderr).toContain(`not ${index.url} with --include-all`);
    });

    it('refuses a locked state directory, naming the holder', async () => {
      const locked = join(dir, 'locked');
      const holder = spawnCli(['crawl', ...quiet, '--index-url', index.url, '--shards', '1', '--page-limit', '100', '--commit-interval', '0', '--state-dir', locked], {
        env: { GO_MINER_DEBUG_STOP_AT: 'crawl:1' },
      });
      try {
        await holder.waitForStderr('go-miner: debug stop at');
        await waitUntilStopped(holder.child.pid!);
        const second = await runCli(['crawl', ...quiet, '--index-url', index.url, '--state-dir', locked]);
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(/ERR_CHECKPOINT_LOCKED/);
        expect(second.stderr).toContain(`pid ${holder.child.pid}`);
        // Read-only commands still work beside the running one.
        const status = await runCli(['status', '--state-dir', locked, '--json']);
        expect(status.code).toBe(0);
        expect(JSON.parse(status.stdout)).toMatchObject({ crawl: { complete: false, counters: { pages: 1 } } });
      } finally {
        holder.child.kill('SIGKILL');
        await holder.done;
      }
    });

    it('stops early when the proxy is unreachable; export then refuses csv with failed lookups unless --allow-failed; the next run retries them', async () => {
      const port = await closedPort();
      const lookup = await runCli(['lookup', ...quiet, '--proxy-url', `http://127.0.0.1:${port}`, '--max-retries', '1', '--concurrency', '8', '--state-dir', state]);
      expect(lookup.code).toBe(1);
      expect(lookup.stderr).toMatch(/The Go module proxy http:\/\/127\.0\.0\.1:\d+ failed 64 lookups in a row/);
      expect(lookup.stderr).toContain('[ERR_PROXY_UNAVAILABLE]');

      const out = join(dir, 'small.csv');
      const refused = await runCli(['export', ...quiet, '--state-dir', state, '--out', out]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/\d+ module\(s\) have no lookup result \(64 failed after retries, \d+ not looked up yet\)/);
      expect(refused.stderr).toContain('--allow-failed');
      await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });

      const allowed = await runCli(['export', ...quiet, '--state-dir', state, '--out', out, '--allow-failed']);
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toContain('warning:');
      expect(await readFile(out, 'utf8')).toMatch(/^1,Go,[^,]+,nan,nan$/m);

      const extended = await runCli(['export', ...quiet, '--state-dir', state, '--format', 'extended', '--out', '-']);
      expect(extended.code).toBe(0);
      expect(extended.stdout).toMatch(/,failed,,,,,,ERR_HTTP_RETRIES_EXHAUSTED: /);
      expect(extended.stdout).toMatch(/,pending,,,,,,not looked up yet/);

      // With the proxy back, the failed lookups are retried and the output is right.
      const registry = await startFakeGoRegistry({ dataset: data });
      try {
        const retried = await runCli(['lookup', ...quiet, '--proxy-url', registry.proxyUrl, '--state-dir', state]);
        expect(retried.code).toBe(0);
        expect(retried.stderr).toContain('; 0 without a result');
        const final = await runCli(['export', ...quiet, '--state-dir', state, '--out', '-']);
        expect(final.code).toBe(0);
        // The state holds the index's first entries only: each module was looked up for its newest
        // version among them, then `@latest`, as the fake proxy answers.
        const newest = new Map<number, number>();
        for (let i = 0; i < VISIBLE; i++) if (data.isServed(i)) newest.set(data.moduleOfEntry(i), i);
        const urlOf = (reply: GoProxyReply): string | undefined => (reply.status === 200 ? reply.info?.Origin?.URL : undefined);
        const expected = ['ID,Platform,Name,Homepage URL,Repository URL'];
        for (const [m, i] of newest) {
          const url = urlOf(data.infoReply(m, i)) ?? urlOf(data.latestReply(m)) ?? 'nan';
          expected.push(`${data.modulePath(m)},${url},${url}`);
        }
        const rows = final.stdout.trimEnd().split('\n');
        expect(rows.length).toBe(newest.size + 1);
        expect(rows.map((row, index) => (index === 0 ? row : row.split(',').slice(2).join(','))).sort()).toEqual(expected.sort());
      } finally {
        await registry.close();
      }
    });
  });
});
