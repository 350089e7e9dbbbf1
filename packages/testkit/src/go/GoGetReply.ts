import type { ServerResponse } from 'node:http';
import type { GoGetTraffic } from './GoGetTraffic.js';

/** What a fake vanity host answers to `?go-get=1`: a response, or nothing at all (`hang`). */
export type GoGetReply = { status: number; body: string; headers?: Record<string, string> } | { hang: true };

/** An HTML page with the given meta tags in its head, as vanity servers write them. */
export function goGetPage(...tags: Array<[name: 'go-import' | 'go-source', content: string]>): string {
  const metas = tags.map(([name, content]) => `<meta name="${name}" content="${content}">`).join('\n');
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n${metas}\n</head>\n<body>go get</body>\n</html>\n`;
}

/**
 * Answers one `?go-get=1` request with `reply` after `latencyMs`, recording it in `traffic`.
 * Hanging requests are added to `hanging` (so a server's close can drop them).
 */
export function sendGoGetReply(
  res: ServerResponse,
  reply: GoGetReply,
  options: { traffic: GoGetTraffic; path: string; query: string; latencyMs: number; hanging: Set<ServerResponse>; timers: Set<NodeJS.Timeout> },
): void {
  const end = options.traffic.start(options.path, options.query);
  res.once('close', () => end(false));
  if ('hang' in reply) {
    options.hanging.add(res);
    res.once('close', () => options.hanging.delete(res));
    return;
  }
  const answer = (): void => {
    end(true);
    res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(reply.body)), ...reply.headers });
    res.end(reply.body);
  };
  if (options.latencyMs > 0) {
    const timer = setTimeout(() => {
      options.timers.delete(timer);
      answer();
    }, options.latencyMs);
    options.timers.add(timer);
  } else {
    answer();
  }
}
