import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GOOD_LINES = [
  '{"Path":"github.com/a/one","Version":"v1.0.0","Timestamp":"2019-04-10T19:08:52.997264Z"}',
  '{"Path":"github.com/b/two","Version":"v1.0.0","Timestamp":"2019-04-11T10:00:00Z"}',
  '{"Path":"github.com/c/three","Version":"v0.1.0","Timestamp":"2019-04-12T10:00:00.5Z"}',
];
export const BAD_LINE = '{"Path":"github.com/d/four","Version":v1.0.0,"Timestamp":"2019-04-13T10:00:00Z"}';

/**
 * A tiny index whose feed is three good entries and then a malformed line: with `limit=2` the first
 * page is fine and the second one breaks on its line 3.
 */
export async function startMalformedIndex() {
  const feed = [...GOOD_LINES, BAD_LINE];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const since = url.searchParams.get('since');
    const limit = Number(url.searchParams.get('limit') ?? 2000);
    const start = since === null ? 0 : feed.findIndex((line) => line.includes(`"Timestamp":"${since}"`));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(feed.slice(Math.max(0, start), Math.max(0, start) + limit).map((line) => `${line}\n`).join(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/index`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

