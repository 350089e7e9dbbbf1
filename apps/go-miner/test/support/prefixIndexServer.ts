import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseGoTimestampCeilUs } from '@registry-miners/testkit';
import type { SyntheticGoDataset } from '@registry-miners/testkit';

/**
 * An index that serves only the first `visible` entries of a dataset (the index as it was at some past
 * moment); raise `visible` to let the index grow. Records the `since` of every request.
 */
export async function startPrefixIndex(dataset: SyntheticGoDataset, visible: number) {
  const requests: Array<{ since: string | undefined; entries: number }> = [];
  let end = visible;
  let answersLeft = Number.POSITIVE_INFINITY;
  let delayMs = 0;
  const server = createServer(async (req, res) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (answersLeft-- <= 0) {
      res.writeHead(503).end('index down');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const since = url.searchParams.get('since') ?? undefined;
    const limit = Number(url.searchParams.get('limit') ?? 2000);
    const start = since === undefined ? 0 : dataset.firstIndexAtOrAfter(parseGoTimestampCeilUs(since)!);
    const page = dataset.renderPage(start, limit, url.searchParams.get('include') === 'all', end);
    requests.push({ since, entries: page.count });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index`,
    requests,
    setVisible(count: number): void {
      end = count;
    },
    /** Answers every request after this delay (a slow index: a crawl that takes a while). */
    setDelay(ms: number): void {
      delayMs = ms;
    },
    /** Answers `count` more requests, then only 503s (an index that goes down mid-crawl). */
    failAfter(count: number): void {
      answersLeft = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
