/**
 * The workspace's import rules, checked by `node scripts/checkImportGraph.mjs` (part of `pnpm test`).
 *
 * Layers, top to bottom: apps, then packages. Inside an app's `src/`: its entry points (`bin.ts`,
 * `main.ts`, `index.ts`), then `commands/`, then the other files at the root of `src/`, then the
 * files in its other folders. An import goes down or sideways, never up; nothing imports in a circle;
 * testkit (fakes and fixtures) is for tests, demos and benchmarks only.
 *
 * Paths are relative to the directory the check runs in (the workspace root).
 */
const APP_ENTRY = '^apps/[^/]+/src/(bin|main|index)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others: untangle them (move the shared part down).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'package-imports-app',
      severity: 'error',
      comment: 'Apps sit above packages: a package never imports an app. Move what it needs into a package.',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'app-imports-other-app',
      severity: 'error',
      comment: 'An app imports packages, never another app. Move the shared part into a package.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'production-imports-testkit',
      severity: 'error',
      comment: 'testkit holds fakes and fixtures: only tests, demos and benchmarks may import it.',
      from: { path: '^(apps/[^/]+|packages/(?!testkit/)[^/]+)/src/' },
      to: { path: '^packages/testkit/' },
    },
    {
      name: 'app-imports-entry-point',
      severity: 'error',
      comment: "An app's entry points (bin.ts, main.ts, index.ts) are its top layer: nothing below imports them.",
      from: { path: '^apps/([^/]+)/src/', pathNot: APP_ENTRY },
      to: { path: '^apps/$1/src/(bin|main|index)\\.ts$' },
    },
    {
      name: 'app-imports-command',
      severity: 'error',
      comment: 'Command modules sit under the entry points only: other files never import them.',
      from: { path: '^apps/([^/]+)/src/', pathNot: [APP_ENTRY, '^apps/[^/]+/src/commands/'] },
      to: { path: '^apps/$1/src/commands/' },
    },
    {
      name: 'app-folder-imports-up',
      severity: 'error',
      comment:
        "A file in a folder of an app's src/ (progress/, state/, …) is a lower layer than the files at the root of src/: " +
        'it never imports them. Move what both need down (into the folder or a package), or pass it in.',
      from: { path: '^apps/([^/]+)/src/(?!commands/)[^/]+/' },
      to: { path: '^apps/$1/src/[^/]+\\.ts$' },
    },
  ],
  options: {
    includeOnly: '^(packages|apps)/',
    exclude: { path: '(^|/)(node_modules|dist|fixtures)/' },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a circle of types is still a circle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Workspace packages resolve to their sources, as the tests and tsx do.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
