import { goProxyFromEnv, type GoProxySetting } from '@registry-miners/go-proxy-origin';

/**
 * The proxy go-miner uses without --proxy-url: GOPROXY's first proxy URL, else https://proxy.golang.org,
 * with a warning when GOPROXY says `direct`. Throws GoProxyError ERR_GOPROXY_OFF for `GOPROXY=off`.
 */
export function defaultProxyUrl(env: NodeJS.ProcessEnv): GoProxySetting {
  return goProxyFromEnv(env);
}
