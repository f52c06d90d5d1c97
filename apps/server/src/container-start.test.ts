import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageStart, repositoryRoot } from './deploy-support.js';
import { freePort } from './postgres-cluster.js';
import { builtServer } from './test-support.js';

/**
 * The image's start, run here as the container runs it (no Docker engine on this machine): the
 * Dockerfile's CMD from the repository root (its WORKDIR /app holds the same tree), its ENV, a
 * user that is not root, and the data folder as the only place it may write. As root the test
 * makes that true in a mount namespace of its own: every file system read-only (as Kubernetes'
 * readOnlyRootFilesystem), the data folder bound writable, then `setpriv` to nobody.
 */
const image = imageStart();
const asRoot = process.getuid?.() === 0;
const nobody = { uid: 65534, gid: 65534 };
// `unshare` needs CAP_SYS_ADMIN, which root has here; checked once, the test says which way it ran.
const namespaces =
  asRoot && spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;

/** Every mount read-only but /proc, /sys and /dev (devices: /dev/null), then the data folder writable. */
const READ_ONLY_EXCEPT_DATA = `set -e
data="$1"; shift
findmnt -rn -o TARGET | grep -Ev '^/(proc|sys|dev)(/|$)' | while read -r target; do
  mount -o remount,bind,ro "$target"
done
mount -o remount,bind,ro /dev/shm 2>/dev/null || true
mount --bind "$data" "$data"
mount -o remount,bind,rw "$data"
exec "$@"`;

describe.skipIf(!asRoot)('the image’s start command, run as the container runs it', () => {
  let dataDir: string;
  let server: ChildProcess;
  let url: string;
  let output = '';
  let exit: Promise<number | null>;

  beforeAll(async () => {
    if (!existsSync(builtServer))
      throw new Error(`${builtServer} is missing: run \`npm run build\` first (npm test does)`);
    dataDir = mkdtempSync(join(tmpdir(), 'meshplan-image-data-'));
    chownSync(dataDir, nobody.uid, nobody.gid);
    const port = await freePort();
    // The image's environment and nothing else (no HOME to write to), but the port: a free one.
    const env = { ...image.env, PORT: String(port), MESHPLAN_DATA_DIR: dataDir, HOME: '/nonexistent' };
    const asNobody = [
      'setpriv',
      `--reuid=${nobody.uid}`,
      `--regid=${nobody.gid}`,
      '--clear-groups',
      'env',
      '-i',
      `PATH=${process.env.PATH}`,
      ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
      // `node` as the CMD says, found on PATH as in the image.
      ...image.command,
    ];
    const [command, ...args] = namespaces
      ? [
          'unshare',
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          READ_ONLY_EXCEPT_DATA,
          'sh',
          dataDir,
          ...asNobody,
        ]
      : asNobody;
    server = spawn(command as string, args, { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    exit = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    while (!output.includes('Meshplan is running')) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the server did not start within 20 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(() => {
    if (server?.exitCode === null) server.kill('SIGKILL');
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the Dockerfile says what this test runs: its CMD, a non-root USER, production, /data', () => {
    expect(image.command).toEqual(['node', 'apps/server/dist/main.js']);
    expect(image.workdir).toBe('/app');
    expect(image.user).not.toMatch(/^(root|0)(:|$)/);
    expect(image.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', MESHPLAN_DATA_DIR: '/data' });
    expect(image.exposed).toEqual([Number(image.env.PORT)]);
    expect(image.healthcheck).toContain(`127.0.0.1:${image.env.PORT}/readyz`);
  });

  it('runs as nobody, not root, with the working folder not writable to it', () => {
    console.info(
      namespaces
        ? 'container start: every file system read-only but the data folder (mount namespace)'
        : 'container start: no mount namespace here (unshare refused); the working folder is still not writable to nobody',
    );
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(String(nobody.uid));
    const writable = spawnSync(
      'setpriv',
      [`--reuid=${nobody.uid}`, `--regid=${nobody.gid}`, '--clear-groups', 'test', '-w', repositoryRoot],
      {},
    );
    expect(writable.status, `${repositoryRoot} is writable to nobody`).not.toBe(0);
  });

  it('answers /healthz and /readyz, serves the editor, and stores a model in the data folder', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status, JSON.stringify(await ready.clone().json())).toBe(200);
    const editor = await fetch(`${url}/`);
    expect(editor.status).toBe(200);
    expect(editor.headers.get('content-type')).toContain('text/html');
    const created = await fetch(`${url}/api/v1/models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'meshplan/v1', name: 'In the image', nodes: [], edges: [] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const read = await fetch(`${url}/api/v1/models/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { name: string }).name).toBe('In the image');
    expect(readdirSync(dataDir)).toContain('meshplan.db');
  });

  it('SIGTERM: exits 0, having written nowhere but the data folder', async () => {
    server.kill('SIGTERM');
    expect(await exit, output).toBe(0);
    // Under the namespace any other write failed with EROFS; the server would have said so.
    expect(output).not.toMatch(/EROFS|EACCES|read-only file system/i);
  });
});
