import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from './server.js';

/** A server on a free port with a fresh database in a temporary folder. */
export async function testServer(
  overrides: { writeRateLimit?: number } = {},
): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-server-'));
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    writeRateLimit: overrides.writeRateLimit ?? 100_000,
    bodyLimit: 5 * 1024 * 1024,
    webDir: join(dataDir, 'no-web-app'),
  });
  return { ...running, dataDir };
}

export const minimalModel = { format: 'meshplan/v1', name: 'Tiny', nodes: [], edges: [] };
