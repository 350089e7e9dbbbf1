import { proxyUrlFromEnv } from '@registry-miners/go-proxy-origin';

/** The proxy go-miner uses without --proxy-url: GOPROXY's first usable entry, else https://proxy.golang.org. */
export function defaultProxyUrl(env: NodeJS.ProcessEnv): string {
  return proxyUrlFromEnv(env);
}
