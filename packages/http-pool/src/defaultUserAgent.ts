import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** `registry-miners/<version> (+https://github.com/registry-miners/registry-miners)`, version from this package's manifest. */
export function defaultUserAgent(): string {
  if (cached === undefined) {
    let version = '0.0.0';
    try {
      // src/ and dist/ both sit next to package.json.
      const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      if (typeof manifest.version === 'string') version = manifest.version;
    } catch {
      // Bundled without its manifest: keep the placeholder version.
    }
    cached = `registry-miners/${version} (+https://github.com/registry-miners/registry-miners)`;
  }
  return cached;
}
