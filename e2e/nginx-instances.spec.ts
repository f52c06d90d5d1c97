import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { nginxMissing, type RunningNginx, startNginx } from '../apps/server/src/deploy-support.js';
import {
  type Cluster,
  freePort,
  postgresMissing,
  startCluster,
} from '../apps/server/src/postgres-cluster.js';
import { createLink, guest, node, ownerToken } from './people.js';

/**
 * Two server instances on one PostgreSQL database behind nginx (docker/nginx.conf: round-robin,
 * no affinity), as the compose `ha` profile runs them, with two browsers in one live session.
 * Everything is started here, on free ports, in temporary folders; nothing is stubbed.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

interface Instance {
  name: string;
  port: number;
  process: ChildProcess;
  output: string;
  dataDir: string;
}

let cluster: Cluster | undefined;
let nginx: RunningNginx | undefined;
const instances: Instance[] = [];

async function startInstance(name: string, databaseUrl: string): Promise<Instance> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `meshplan-e2e-${name}-`));
  const child = spawn(process.execPath, ['apps/server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      MESHPLAN_DATA_DIR: dataDir,
      // nginx is on loopback: its X-Forwarded-For is believed, as TRUST_PROXY says in compose.
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn',
      MESHPLAN_WRITE_RATE_LIMIT: '100000',
      // A revision a second after the authors pause, as in playwright.config.ts.
      MESHPLAN_LIVE_REVISION_PAUSE_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const instance: Instance = { name, port, process: child, output: '', dataDir };
  const collect = (chunk: Buffer) => {
    instance.output = (instance.output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const deadline = Date.now() + 30_000;
  while (!instance.output.includes('Meshplan is running')) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}:\n${instance.output}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start within 30 s:\n${instance.output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return instance;
}

/** Open live sockets on one instance, from its own /readyz (asked directly, not through nginx). */
async function socketsOn(instance: Instance): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/readyz`);
  const body = (await response.json()) as { live?: { sockets?: number } };
  return body.live?.sockets ?? 0;
}

const alive = () =>
  instances.filter((instance) => instance.process.exitCode === null && !instance.process.killed);

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Never skipped: without nginx or PostgreSQL this fails and says how to install them.
  const missing = nginxMissing() ?? postgresMissing();
  if (missing !== undefined) throw new Error(`the nginx end-to-end test cannot run: ${missing}`);
  cluster = await startCluster();
  // Both start at once on the same empty database: the migrations' advisory lock lets one migrate.
  instances.push(
    ...(await Promise.all([startInstance('one', cluster.adminUrl), startInstance('two', cluster.adminUrl)])),
  );
  nginx = await startNginx(
    instances.map((instance) => `127.0.0.1:${instance.port}`),
    await freePort(),
  );
});

// A failure shows what the instances and nginx said.
test.afterEach(() => {
  const { status, expectedStatus } = test.info();
  if (status === expectedStatus) return;
  for (const instance of instances) console.log(`--- instance ${instance.name} said:\n${instance.output}`);
  console.log(`--- nginx's error log:\n${nginx?.errors().slice(-5000)}`);
});

test.afterAll(async () => {
  await nginx?.stop();
  for (const instance of instances) {
    if (instance.process.exitCode === null) instance.process.kill('SIGKILL');
    rmSync(instance.dataDir, { recursive: true, force: true });
  }
  instances.length = 0;
  cluster?.stop();
  cluster = undefined;
  nginx = undefined;
});

/** The owner opens a new e-commerce model through nginx; returns the page, the model's id and an edit link. */
async function ownerSession(browser: Browser) {
  const context = await browser.newContext({ baseURL: nginx?.url, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('meshplan.name', 'Ada'));
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  const modelId = /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;
  const url = await createLink(page, 'edit');
  expect(new URL(url).origin).toBe(nginx?.url);
  return { page, modelId, url };
}

/**
 * Both pages' sockets on different instances: round-robin places each new connection after
 * whatever else went through nginx, so the owner's page is reloaded until that is so (each
 * instance's /readyz counts its sockets).
 */
async function splitAcrossInstances(owner: Page) {
  for (let attempt = 0; attempt < 12; attempt++) {
    await expect
      .poll(async () => (await Promise.all(instances.map(socketsOn))).reduce((a, b) => a + b), {
        timeout: 10_000,
      })
      .toBe(2);
    const counts = await Promise.all(instances.map(socketsOn));
    if (counts.every((count) => count === 1)) return counts;
    await owner.reload();
    await expect(node(owner, 'Order service')).toBeVisible();
  }
  throw new Error('twelve reloads through nginx never put the two sockets on different instances');
}

/** Every node name of the stored model (REST, through nginx), with the owner's token. */
async function storedNames(page: Page, modelId: string, token: string): Promise<string[]> {
  const response = await page.request.get(`/api/v1/models/${modelId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  const model = (await response.json()) as { nodes: { name: string }[] };
  return model.nodes.map((n) => n.name);
}

/** The node names of the model's newest revision, read through the revisions API. */
async function newestRevisionNames(page: Page, modelId: string, token: string): Promise<string[]> {
  const headers = { authorization: `Bearer ${token}` };
  const list = await page.request.get(`/api/v1/models/${modelId}/revisions`, { headers });
  expect(list.status()).toBe(200);
  const { revisions } = (await list.json()) as { revisions: { number: number }[] };
  const newest = Math.max(...revisions.map((revision) => revision.number));
  const revision = await page.request.get(`/api/v1/models/${modelId}/revisions/${newest}`, { headers });
  expect(revision.status()).toBe(200);
  const body = (await revision.json()) as { model?: { nodes: { name: string }[] } };
  return (body.model?.nodes ?? []).map((n) => n.name);
}

test('two browsers on two instances behind nginx: an edit in one reaches the other within a second', async ({
  browser,
}) => {
  const { page: owner, url } = await ownerSession(browser);
  const bea = await guest(browser, url, 'Bea');
  await splitAcrossInstances(owner);
  await expect(owner.getByTestId('presence')).toContainText('Bea', { timeout: 2000 });
  await bea.getByTestId('palette-service').click();
  await expect(node(owner, 'New service')).toBeVisible({ timeout: 1000 });
  await owner.getByTestId('palette-datastore').click();
  await expect(node(bea, 'New datastore')).toBeVisible({ timeout: 1000 });
  await bea.context().close();
  await owner.context().close();
});

test('one instance killed (SIGKILL) mid-session: both browsers go on through nginx on the other, nothing acknowledged is lost, the revisions hold it all', async ({
  browser,
}) => {
  const { page: owner, modelId, url } = await ownerSession(browser);
  const token = (await ownerToken(owner, modelId)) as string;
  expect(token).toBeTruthy();
  const bea = await guest(browser, url, 'Bea');
  const counts = await splitAcrossInstances(owner);
  expect(counts).toEqual([1, 1]);

  // Before the kill: an edit in each browser, each reaching the other instance's browser and
  // acknowledged (`Saved · live`: every change of that page is on the server).
  await owner.getByTestId('palette-datastore').click();
  await expect(node(bea, 'New datastore')).toBeVisible({ timeout: 2000 });
  await bea.getByTestId('palette-topic').click();
  await expect(node(owner, 'New topic')).toBeVisible({ timeout: 2000 });
  for (const page of [owner, bea])
    await expect(page.getByTestId('save-status')).toHaveText('Saved · live', { timeout: 10_000 });

  // SIGKILL: no goodbye, no last revision, sockets cut mid-session.
  const victim = instances[0] as Instance;
  const survivor = instances[1] as Instance;
  const killedAt = Date.now();
  victim.process.kill('SIGKILL');
  await new Promise((resolve) => victim.process.once('exit', resolve));
  expect(alive()).toEqual([survivor]);

  // Both reconnect through nginx, to the survivor (nginx skips the dead upstream).
  await expect.poll(() => socketsOn(survivor), { timeout: 20_000 }).toBe(2);
  for (const page of [owner, bea])
    await expect(page.getByTestId('save-status')).toHaveText('Saved · live', { timeout: 20_000 });
  console.info(`both browsers live again through nginx ${Date.now() - killedAt} ms after the SIGKILL`);

  // After it: more edits, which reach the other browser and are acknowledged.
  await owner.getByTestId('palette-service').click();
  await expect(node(bea, 'New service')).toBeVisible({ timeout: 2000 });
  await node(bea, 'New topic').click();
  await bea.getByTestId('field-name').fill('Shipment events');
  await bea.getByTestId('field-name').press('Enter');
  await expect(node(owner, 'Shipment events')).toBeVisible({ timeout: 2000 });
  for (const page of [owner, bea])
    await expect(page.getByTestId('save-status')).toHaveText('Saved · live', { timeout: 10_000 });

  // Everything acknowledged, before and after the kill, is stored, and in the newest revision.
  const expected = ['Order service', 'New datastore', 'Shipment events', 'New service'];
  const missingFrom = (names: string[]) => expected.filter((name) => !names.includes(name));
  await expect
    .poll(async () => missingFrom(await storedNames(owner, modelId, token)), { timeout: 15_000 })
    .toEqual([]);
  await expect
    .poll(async () => missingFrom(await newestRevisionNames(owner, modelId, token)), { timeout: 15_000 })
    .toEqual([]);
  expect(await storedNames(owner, modelId, token)).not.toContain('New topic');
  // And a fresh open (over HTTP, through nginx) shows it all.
  await bea.reload();
  for (const name of expected) await expect(node(bea, name)).toBeVisible();
  await bea.context().close();
  await owner.context().close();
});
