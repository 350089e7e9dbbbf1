import { makeBundleRemotes } from './makeBundleRemotes.js';
import type { BundleRemotes, MakeBundleRemotesOptions } from './makeBundleRemotes.js';
import { serveGitHttp } from './serveGitHttp.js';
import type { GitHttpServer } from './serveGitHttp.js';

export interface BundleHttpRemotes {
  /** The bare repositories behind the server (their `url`s are file://). */
  remotes: BundleRemotes;
  server: GitHttpServer;
  /** `http://127.0.0.1:PORT/current.git` (branch `master`). */
  currentUrl: string;
  /** `http://127.0.0.1:PORT/archive.git` (branch `snapshot-2020-03-25`). */
  archiveUrl: string;
  close(): Promise<void>;
}

/**
 * {@link makeBundleRemotes} in `dir`, served over smart HTTP by {@link serveGitHttp}.
 *
 * @example
 * const served = await serveBundleOverHttp(dir);
 * await execFile('git', ['clone', '--bare', served.currentUrl, 'current']);
 * await served.close();
 */
export async function serveBundleOverHttp(dir: string, options?: MakeBundleRemotesOptions): Promise<BundleHttpRemotes> {
  const remotes = await makeBundleRemotes(dir, options);
  const server = await serveGitHttp(remotes.dir);
  return {
    remotes,
    server,
    currentUrl: `${server.url}/current.git`,
    archiveUrl: `${server.url}/archive.git`,
    close: () => server.close(),
  };
}
