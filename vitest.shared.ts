import { defineConfig } from 'vitest/config';

// Workspace packages resolve each other through the `source` export condition,
// so tests run against sibling packages' TypeScript without a build.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Native addons (nodegit, better-sqlite3) are unsafe in worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
