/**
 * Where the user ran the command. `pnpm --filter crates-resolver start -- …` runs the script inside
 * the package folder and records the user's folder in `INIT_CWD`: relative paths the user typed
 * (the lockfile, `--repo`, `--cache-dir`) are meant from there. Only our own `start` script is
 * trusted this way; an `INIT_CWD` inherited from some other npm script is ignored.
 */
export function launchDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['npm_lifecycle_event'] !== 'start' || env['npm_package_name'] !== 'crates-resolver') return undefined;
  return env['INIT_CWD'] || undefined;
}
