import { configDefaults, defineConfig } from 'vitest/config';
import { postgresMissing } from './apps/server/src/postgres-cluster.js';

const include = [
  'packages/*/src/**/*.test.ts',
  'apps/*/src/**/*.test.ts',
  'packages/*/test/**/*.test.ts',
  'scripts/*.test.mjs',
];

/**
 * The server's tests that go through the store, run a second time with every test server on
 * PostgreSQL (test-support.ts `onPostgres`). The SQLite-only ones (PRAGMAs, file sizes, the
 * SQLite crash tests of durability.test.ts, migrations.test.ts, storage.test.ts) have their
 * PostgreSQL counterparts in postgres.test.ts, which runs in this project only.
 */
const postgresFiles = [
  'apps/server/src/postgres.test.ts',
  'apps/server/src/api.test.ts',
  'apps/server/src/sharing.test.ts',
  'apps/server/src/comments.test.ts',
  'apps/server/src/review-flow.test.ts',
  'apps/server/src/identity.test.ts',
  'apps/server/src/views.test.ts',
  'apps/server/src/request-bodies.test.ts',
  'apps/server/src/live.test.ts',
  'apps/server/src/live-hardening.test.ts',
  // Reviews that acknowledge breaking changes: migration 9's column, written and read back.
  'apps/server/src/diff.test.ts',
  // Several instances on one database (fan-out, fold leases): PostgreSQL only.
  'apps/server/src/live-instances.test.ts',
];

// Without PostgreSQL every test of the project is skipped (counted as skipped, the reason
// printed), never passed: a name pattern that no test matches skips them all before any hook.
const missing = postgresMissing();
if (missing !== undefined) console.warn(`server-postgres: every test skipped: ${missing}`);

// One runner for every workspace: packages resolve each other through their
// `@meshplan/source` export condition, so tests run against src/ without a build.
export default defineConfig({
  resolve: { conditions: ['@meshplan/source'] },
  ssr: { resolve: { conditions: ['@meshplan/source'] } },
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include,
          exclude: [
            ...configDefaults.exclude,
            'apps/server/src/postgres.test.ts',
            'apps/server/src/live-instances.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: postgresFiles,
          env: { MESHPLAN_TEST_STORE: 'postgres' },
          globalSetup: ['apps/server/src/postgres-global-setup.ts'],
          ...(missing === undefined
            ? {}
            : { testNamePattern: '^no test is named this: PostgreSQL is missing$' }),
        },
      },
    ],
  },
});
