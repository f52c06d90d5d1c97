import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { liveSwitch } from './live-switch.js';
import { ownerToken } from './people.js';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
const saved = (page: Page) =>
  expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });

/** Drags from the source handle of one node to the target handle of another. */
async function connect(page: Page, from: Locator, to: Locator) {
  const source = from.locator('.react-flow__handle-right');
  const target = to.locator('.react-flow__handle-left');
  await source.hover();
  await page.mouse.down();
  const box = await target.boundingBox();
  if (box === null) throw new Error('target handle not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function newBlankModel(page: Page) {
  await page.goto('/');
  await page.getByTestId('template-blank').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await expect(page.getByText('No problems found.')).toBeVisible();
  // Let the opening fit-to-view finish, so that the viewport stays put while the test draws.
  await page.waitForTimeout(500);
}

test('creates a model from the e-commerce template, with no serious accessibility violations', async ({
  page,
}) => {
  await page.goto('/');
  const home = await new AxeBuilder({ page }).analyze();
  expect(
    home.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await expect(node(page, 'Payment service')).toBeVisible();
  await expect
    .poll(() => page.getByTestId('canvas').locator('.react-flow__node').count())
    .toBeGreaterThanOrEqual(30);
  await saved(page);
  const editor = await new AxeBuilder({ page }).exclude('.react-flow__renderer').analyze();
  expect(
    editor.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await page.screenshot({ path: 'e2e/artifacts/editor.png' });
  await page.goto('/');
  await expect(page.getByTestId('model-row').first()).toContainText('E-commerce platform');
});

test('draws a context with two services writing one datastore, sees shared-datastore, fixes it, reloads', async ({
  page,
}) => {
  await newBlankModel(page);
  await page.getByTestId('palette-context').click();
  await page.getByTestId('palette-service').click();
  await page.getByTestId('palette-service').click();
  await page.getByTestId('palette-datastore').click();
  const first = node(page, 'New service');
  const second = node(page, 'New service 2');
  const store = node(page, 'New datastore');
  await expect(store).toBeVisible();
  // The nodes landed in the context.
  await expect(page.getByTestId('context-Context 1').locator('..').locator('..')).toBeVisible();

  await connect(page, first, store);
  await connect(page, second, store);
  const finding = page.getByTestId('finding-shared-datastore');
  await expect(finding).toBeVisible();
  await expect(finding).toContainText('written by 2 services');
  await expect(store.getByTestId('finding-badge')).toBeVisible();
  // Each badge follows its own element's findings: the two edges into the store carry the finding too.
  await expect(page.locator('.edge-label .badge')).toHaveCount(2);

  await page.getByTestId('fix-shared-datastore').click();
  await expect(finding).toHaveCount(0);
  await expect(store.getByTestId('finding-badge')).toHaveCount(0);
  await expect(node(page, 'New service 2 store')).toBeVisible();

  await saved(page);

  // Everything is saved: a reload shows it as it was left.
  await page.reload();
  await expect(node(page, 'New service 2 store')).toBeVisible();
  await expect(node(page, 'New service')).toBeVisible();
  await expect(page.getByTestId('finding-shared-datastore')).toHaveCount(0);
});

test('a client calling a service directly is missing-gateway; an edge kind that does not fit is refused', async ({
  page,
}) => {
  await newBlankModel(page);
  await page.getByTestId('palette-client').click();
  await page.getByTestId('palette-service').click();
  await connect(page, node(page, 'Web app'), node(page, 'New service'));
  await expect(page.getByTestId('finding-missing-gateway')).toContainText(
    'Client "Web app" calls "New service" directly',
  );
  await page.getByTestId('palette-datastore').click();
  await page.getByTestId('palette-topic').click();
  await connect(page, node(page, 'New datastore'), node(page, 'New topic'));
  await expect(page.getByTestId('message')).toContainText('Nothing connects a datastore to a topic');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
});

test('edits an endpoint in the inspector, undoes and redoes, lays out, and keeps it all', async ({
  page,
}) => {
  await newBlankModel(page);
  // The datastore first (left), the service second (right): the layout must swap them.
  await page.getByTestId('palette-datastore').click();
  await page.getByTestId('palette-service').click();
  await node(page, 'New service').click();
  await page.getByTestId('add-endpoint').click();
  const path = page.getByTestId('endpoint-path-0');
  await path.fill('/v1/orders/{orderId}');
  await path.press('Enter');
  await page.getByTestId('field-name').fill('Orders');
  await page.getByTestId('field-name').press('Enter');
  await expect(node(page, 'Orders')).toBeVisible();

  // An invalid value is marked at its field and not saved.
  await path.fill('');
  await path.press('Enter');
  await expect(path).toHaveAttribute('aria-invalid', 'true');

  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(node(page, 'New service')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'Orders')).toBeVisible();

  await connect(page, node(page, 'Orders'), node(page, 'New datastore'));
  const before = await node(page, 'New datastore').boundingBox();
  await page.getByTestId('auto-layout').click();
  await expect(page.getByTestId('auto-layout')).toHaveText('Auto-layout');
  await expect
    .poll(
      async () =>
        ((await node(page, 'New datastore').boundingBox())?.x ?? 0) >
        ((await node(page, 'Orders').boundingBox())?.x ?? 0),
    )
    .toBe(true);
  expect(before).not.toBeNull();
  await saved(page);

  await page.reload();
  await expect(node(page, 'Orders')).toBeVisible();
  await page.waitForTimeout(500); // the opening fit-to-view
  await node(page, 'Orders').click();
  await expect(page.getByTestId('endpoint-path-0')).toHaveValue('/v1/orders/{orderId}');
});

test('keeps changes made while the server cannot be reached, across closing the tab, and sends them when back', async ({
  page,
  context,
}) => {
  const server = await liveSwitch(context);
  await newBlankModel(page);
  await page.getByTestId('palette-service').click();
  await saved(page);
  const modelId = /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;

  await server.off();
  await expect(page.getByTestId('save-status')).toHaveText('Offline: changes kept here', { timeout: 10_000 });
  // Still editable: the change is kept in this browser, not lost.
  await page.getByTestId('palette-datastore').click();
  await expect(node(page, 'New datastore')).toBeVisible();
  // Kept in IndexedDB once it has gone a second without the server's acknowledgement.
  await page.waitForTimeout(1500);
  await page.close();

  // A new tab while the server is back: what the closed tab kept reaches the server.
  server.on();
  const again = await context.newPage();
  await again.goto(`/#/m/${modelId}`);
  await expect(node(again, 'New datastore')).toBeVisible();
  await saved(again);
  const owner = await ownerToken(again, modelId);
  await expect
    .poll(
      async () => {
        const response = await again.request.get(`/api/v1/models/${modelId}`, {
          headers: { authorization: `Bearer ${owner}` },
        });
        const body = (await response.json()) as { nodes: { name: string }[] };
        return body.nodes.map((n) => n.name).sort();
      },
      { timeout: 10_000 },
    )
    .toEqual(['New datastore', 'New service']);
});

test('copies, pastes and deletes with the keyboard; dark theme', async ({ page }) => {
  await newBlankModel(page);
  await page.getByTestId('palette-service').click();
  await node(page, 'New service').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'New service (copy)')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(node(page, 'New service (copy)')).toHaveCount(0);
  await expect(node(page, 'New service')).toBeVisible();
  await page.getByRole('button', { name: 'Toggle dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByTestId('finding-missing-observability')).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/editor-dark.png' });
});

test('the Problems follow deletes, adds and undos as the server lints the same model (the lint worker is sent only what changed)', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  const id = /#\/m\/([^/]+)/.exec(page.url())?.[1];
  if (id === undefined) throw new Error(`no model in ${page.url()}`);
  const headers = { authorization: `Bearer ${await ownerToken(page, id)}` };
  const server = async () =>
    (await (await page.request.get(`/api/v1/models/${id}/findings`, { headers })).json()) as {
      revision: number;
      findings: { rule: string; message: string }[];
    };
  const shown = async () =>
    (await page.locator('[data-testid="problems"] li[data-testid^="finding-"]').allTextContents()).sort();
  let revision = 0;
  /**
   * The editor's findings, its lint worker sent only patches since it opened, against the
   * server's lint of the revision that holds the same change (written once the author pauses).
   */
  const agrees = async () => {
    await saved(page);
    await expect.poll(async () => (await server()).revision, { timeout: 10_000 }).toBeGreaterThan(revision);
    const answer = await server();
    revision = answer.revision;
    const expected = answer.findings.map((finding) => `${finding.rule} ${finding.message}`).sort();
    await expect.poll(shown).toEqual(expected);
    return expected.length;
  };
  const opened = await agrees();
  // A node deleted with its edges: elements leave the middle of both lists (a patch that says
  // where each kept element came from), and findings come and go.
  await node(page, 'Order service').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'Order service')).toHaveCount(0);
  expect(await agrees()).not.toBe(opened);
  // Appended, then undone twice: the node comes back among the others.
  await page.getByTestId('palette-datastore').click();
  await agrees();
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(node(page, 'Order service')).toBeVisible();
  expect(await agrees()).toBe(opened);
});

/**
 * Moves the focus with Tab (Shift+Tab when `back`) until it reaches the element that `target`
 * finds: proof that the keyboard can get there, without clicking.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 250 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('designs a service, a datastore and their connection with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await tabTo(page, page.getByTestId('template-blank'));
  await page.keyboard.press('Enter');
  await expect(page.getByText('No problems found.')).toBeVisible();
  await page.waitForTimeout(500);

  // Palette → new service, selected; name it in the inspector.
  await tabTo(page, page.getByTestId('palette-service'));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('field-name'));
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Orders');
  await page.keyboard.press('Enter');
  await expect(node(page, 'Orders')).toBeVisible();

  await tabTo(page, page.getByTestId('palette-datastore'), { back: true });
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('field-name'));
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Orders DB');
  await page.keyboard.press('Enter');
  await expect(node(page, 'Orders DB')).toBeVisible();

  // Find the service by name, then connect it to the datastore from the inspector.
  await tabTo(page, page.getByLabel('Find an element by name'), { back: true });
  await page.keyboard.type('Orders');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('field-name')).toHaveValue('Orders');
  await tabTo(page, page.getByTestId('connect-target'));
  await page.keyboard.type('Orders DB');
  await expect(page.getByTestId('connect-kind')).toHaveValue('data');
  await tabTo(page, page.getByTestId('connect-submit'));
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Data access → Orders DB' })).toBeVisible();

  // A finding, chosen from the panel, selects its element.
  const finding = page.getByTestId('finding-missing-observability').getByRole('button').first();
  await tabTo(page, finding);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('field-name')).toHaveValue('Orders');

  // Undo from the keyboard takes the connection away, redo brings it back.
  await tabTo(page, page.getByTestId('undo'), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await saved(page);
  await page.screenshot({ path: 'e2e/artifacts/editor-keyboard.png' });
});

test('edits environment and autoscaling with their own inputs; bad lines are marked, not saved', async ({
  page,
}) => {
  await newBlankModel(page);
  await page.getByTestId('palette-service').click();
  const env = page.getByLabel('Environment (NAME=value, one per line)');
  await env.fill('LOG_LEVEL=debug\nnot a line');
  await env.blur();
  await expect(env).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Line 2: expected NAME=value')).toBeVisible();
  await env.fill('LOG_LEVEL=debug\nFEATURE_X=on');
  await env.blur();
  await expect(env).toHaveAttribute('aria-invalid', 'false');

  await page.getByLabel('Scale on CPU').check();
  const max = page.getByLabel('Maximum replicas');
  await expect(max).toHaveValue('4');
  await max.fill('1');
  await max.press('Enter');
  await expect(page.getByText('Minimum replicas must not exceed the maximum.')).toBeVisible();
  await max.fill('8');
  await max.press('Enter');
  await saved(page);

  await page.reload();
  await node(page, 'New service').click();
  await expect(page.getByLabel('Environment (NAME=value, one per line)')).toHaveValue(
    'LOG_LEVEL=debug\nFEATURE_X=on',
  );
  await expect(page.getByLabel('Maximum replicas')).toHaveValue('8');
});

test('renames a model in place and deletes it after confirming, on the home page', async ({ page }) => {
  await newBlankModel(page);
  await saved(page);
  await page.goto('/');
  const row = page.getByTestId('model-row').first();
  await row.getByRole('button', { name: 'Rename' }).click();
  const input = row.getByLabel(/New name for/);
  await expect(input).toBeFocused();
  await input.fill('Payments <platform>');
  await input.press('Enter');
  await expect(row.getByRole('link')).toHaveText('Payments <platform>');
  await page.reload();
  await expect(page.getByTestId('model-row').first().getByRole('link')).toHaveText('Payments <platform>');

  const count = await page.getByTestId('model-row').count();
  await page.getByTestId('model-row').first().getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('model-row').first().getByRole('button', { name: 'Keep' }).click();
  await expect(page.getByTestId('model-row')).toHaveCount(count);
  await page.getByTestId('model-row').first().getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('model-row').first().getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('model-row')).toHaveCount(count - 1);
});

test('an editor load breaks no rule of the CSP (no eval probe), and the build has no bench page nor source maps', async ({
  page,
  request,
}) => {
  // Every violation the page sees, reported before any of the app's scripts runs.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  // The lint worker ran (it parses the model as the page does).
  await expect(page.getByTestId('save-status')).toBeVisible();
  await page.reload();
  await expect(node(page, 'Order service')).toBeVisible();
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual(
    [],
  );

  // bench.html is the benchmark's (apps/web/dist-bench), not the product's: here it is the app.
  const bench = await request.get('/bench.html');
  expect(await bench.text()).not.toContain('Bare React Flow');
  const scripts = await page.evaluate(() =>
    [...document.querySelectorAll('script[src]')].map((s) => (s as HTMLScriptElement).src),
  );
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) {
    const script = await (await request.get(src)).text();
    expect(script).not.toContain('sourceMappingURL');
    expect((await request.get(`${src}.map`)).headers()['content-type']).not.toContain('json');
  }
});
