import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Environment for runCli that makes the process write `marker` if it loads nodegit's native module
 * (however it was imported). The hook script is written into `dir`.
 */
export function reportNodegitLoad(dir: string, marker: string): Record<string, string> {
  const hook = join(dir, 'report-nodegit.cjs');
  writeFileSync(
    hook,
    `const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  if (/nodegit/.test(filename)) require('node:fs').writeFileSync(process.env.NODEGIT_MARKER, filename);
  return dlopen.call(this, module, filename, ...rest);
};
`,
  );
  return { NODE_OPTIONS: `--require ${hook}`, NODEGIT_MARKER: marker };
}
