// Bundles the compiled CLI (dist/bin.js and everything it imports from the workspace and from npm)
// into dist/cli/, after `tsc`. Why: Node 20 resolves and compiles ~200 ES modules one by one at every
// start (yargs alone ~110 ms); from a few bundled files every run starts 60–100 ms sooner
// (bench/cli.bench.ts), a fifth of a warm resolution.
// - Split into chunks at each dynamic import(), so what the CLI loads lazily (nodegit, the server,
//   the batch) stays lazy.
// - Native addons stay external: installed packages, resolved from this app's node_modules.
// - The resolution worker is an entry of its own: the pool starts it from `./resolutionWorker.js`
//   beside the chunk that holds the pool.
// - dist/bin.js becomes a launcher of the bundle, so everything that names the program (package.json
//   `bin`, the Dockerfile, the tests) runs the bundle.
import { chmod, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const worker = fileURLToPath(new URL('resolutionWorker.js', import.meta.resolve('@registry-miners/crates-batch')));

await rm(`${dist}cli`, { recursive: true, force: true });
await build({
  entryPoints: { bin: `${dist}bin.js`, resolutionWorker: worker },
  outdir: `${dist}cli`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['nodegit', 'better-sqlite3'],
  // Bundled CommonJS (yargs' helpers, pino) calls require() for Node's built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
const launcher = `${dist}bin.js`;
await writeFile(launcher, "#!/usr/bin/env node\n// The CLI is bundled (scripts/bundle.mjs); this file keeps the program's path.\nimport './cli/bin.js';\n");
await chmod(launcher, 0o755);
