import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// The real server (built) on a fresh database, and Debian's Chromium (Playwright cannot download
// browsers here). `npm test` builds first.
const root = fileURLToPath(new URL('..', import.meta.url));
// A port of its own unless told: two runs on one machine do not collide. Set in the environment so
// that the worker processes, which load this file again, agree with the runner.
process.env.E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
const port = Number(process.env.E2E_PORT);
const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-e2e-'));

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node apps/server/dist/main.js',
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      MESHPLAN_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MESHPLAN_WRITE_RATE_LIMIT: '100000',
      // A live room writes a revision when its authors pause (30 s in production): a short pause
      // here, so that a test sees the revision of a live change without waiting half a minute.
      MESHPLAN_LIVE_REVISION_PAUSE_MS: '1000',
    },
  },
});
