import { defineConfig } from 'vitest/config';

// One runner for every workspace: packages resolve each other through their
// `@meshplan/source` export condition, so tests run against src/ without a build.
export default defineConfig({
  resolve: { conditions: ['@meshplan/source'] },
  ssr: { resolve: { conditions: ['@meshplan/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'scripts/*.test.mjs',
    ],
    testTimeout: 30_000,
  },
});
