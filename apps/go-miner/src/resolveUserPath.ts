import { isAbsolute, resolve } from 'node:path';

/**
 * Resolves a path the user typed. Run through `pnpm --filter go-miner start -- …` (or `demo`), the
 * process runs in apps/go-miner, so relative paths resolve against the directory pnpm was run from
 * (`INIT_CWD`, set by pnpm and npm for scripts); otherwise against the current directory.
 */
export function resolveUserPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (isAbsolute(path)) return path;
  return resolve(userBaseDirectory(env), path);
}

export function userBaseDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const viaPackageScript = env.npm_package_name === 'go-miner' && env.npm_lifecycle_event !== undefined && env.INIT_CWD;
  return viaPackageScript ? env.INIT_CWD! : process.cwd();
}
