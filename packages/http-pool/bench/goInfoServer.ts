/**
 * Child process for the benchmark: answers every GET like the Go module proxy answers `.info`
 * (a ~150-byte JSON document), after the latency named in the path: `/lat/<ms>/<module>/@v/<version>.info`.
 * Sends `{ port }` to the parent once listening; answers a `'lateness'` message with how late its
 * latency timers fired on average since the last ask (`{ latenessMs }`), since a busy machine
 * delays them and lowers the reachable requests/s.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = Buffer.from(
  JSON.stringify({
    Version: 'v0.14.0',
    Time: '2023-12-03T17:51:43Z',
    Origin: { VCS: 'git', URL: 'https://go.googlesource.com/text', Ref: 'refs/tags/v0.14.0', Hash: '2ecef2a2fd8c6d8d2b1f0eb5f8d2c7b8e9a1b3c4' },
  }),
);
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  const match = /^\/lat\/(\d+)\//.exec(req.url ?? '');
  const latency = match === null ? 0 : Number(match[1]);
  if (latency === 0) {
    res.writeHead(200, headers).end(body);
  } else {
    const due = performance.now() + latency;
    setTimeout(() => {
      lateSum += performance.now() - due;
      lateCount++;
      res.writeHead(200, headers).end(body);
    }, latency);
  }
});
let lateSum = 0;
let lateCount = 0;
process.on('message', (message) => {
  if (message === 'lateness') {
    process.send?.({ latenessMs: lateCount === 0 ? 0 : lateSum / lateCount });
    lateSum = 0;
    lateCount = 0;
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port, bodyBytes: body.length });
});
process.on('disconnect', () => process.exit(0));
