import type NodeGitModule from 'nodegit';

let loading: Promise<typeof NodeGitModule> | undefined;

/**
 * nodegit, loaded on first use: loading its native module costs about 200 ms, which a search that
 * finds everything it needs in a {@link ResolutionCache}'s saved objects never pays.
 */
export function loadNodeGit(): Promise<typeof NodeGitModule> {
  loading ??= import('nodegit').then((module) => module.default);
  return loading;
}
