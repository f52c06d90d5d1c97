import { expect, type Page, test } from '@playwright/test';
import { createLink, guest, node, ownerToken, saved, zoomInOn } from './people.js';

// Issue 13: each opened model has its own editor state, one history and one save path.

async function newModel(page: Page, template: 'blank' | 'ecommerce') {
  await page.goto('/');
  await page.getByTestId(`template-${template}`).click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await saved(page);
  return /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;
}

async function revisionCount(page: Page, id: string): Promise<number> {
  const token = await ownerToken(page, id);
  const response = await page.request.get(`/api/v1/models/${id}/revisions`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as unknown[] | { revisions: unknown[] };
  return Array.isArray(body) ? body.length : body.revisions.length;
}

test('a revision on view in one model does not follow the user into the next', async ({ page }) => {
  await newModel(page, 'ecommerce');
  await expect(node(page, 'Order service')).toBeVisible();
  await page.getByTestId('tab-history').click();
  await page.getByTestId('revision-view').last().click();
  await expect(page.getByTestId('view-banner')).toBeVisible();
  await expect(page.getByTestId('palette-service')).toBeDisabled();

  // Home, then a new blank model in the same tab: its own canvas, editable, under its own title.
  await newModel(page, 'blank');
  await expect(page.getByTestId('view-banner')).toHaveCount(0);
  await expect(node(page, 'Order service')).toHaveCount(0);
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await page.getByTestId('palette-service').click();
  await expect(node(page, 'New service')).toBeVisible();
  await expect(page.getByTestId('message')).toHaveCount(0);
  await saved(page);
});

test('opening a model writes no revision', async ({ page }) => {
  const id = await newModel(page, 'ecommerce');
  await page.getByTestId('palette-service').click();
  await saved(page);
  // The change is folded into a revision once the author pauses; wait for it, then count.
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision').first()).toContainText('added 1 node', { timeout: 20_000 });
  const before = await revisionCount(page, id);
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(node(page, 'New service')).toBeVisible();
    await saved(page);
  }
  await page.goto('/');
  await page.waitForTimeout(2500);
  expect(await revisionCount(page, id)).toBe(before);
});

test("opening a model's address asks for it once, before the editor's code has run", async ({ page }) => {
  const id = await newModel(page, 'ecommerce');
  const path = `/api/v1/models/${id}`;
  const asked: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === path && request.method() === 'GET') asked.push(request.url());
  });
  await page.reload();
  await expect(node(page, 'Order service')).toBeVisible();
  await saved(page);
  // One GET (public/early.js's, taken by the editor), sent before the editor's code was evaluated.
  expect(asked).toHaveLength(1);
  const sentAt = await page.evaluate(
    (path) =>
      performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname === path)?.startTime,
    path,
  );
  const codeDoneAt = await page.evaluate(
    () =>
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
        .domContentLoadedEventStart,
  );
  expect(sentAt).toBeLessThan(codeDoneAt);

  // A model this browser has no key for starts nothing early, and says so as before.
  await page.goto('/#/m/unknown-model');
  await expect(page.getByRole('alert')).toContainText('no key for this model');
});

test("live: Undo and Redo take back only this person's changes, and their buttons say when they can", async ({
  page,
  browser,
}) => {
  await newModel(page, 'ecommerce');
  const url = await createLink(page, 'edit');
  const other = await guest(browser, url, 'Bea');
  await saved(other, 'Saved · live');

  const buttons = async (who: Page) => ({
    undo: await who.getByTestId('undo').isEnabled(),
    redo: await who.getByTestId('redo').isEnabled(),
  });
  await expect.poll(() => buttons(page)).toEqual({ undo: false, redo: false });

  await page.getByTestId('palette-datastore').click();
  await expect(node(other, 'New datastore')).toBeVisible();
  await other.getByTestId('palette-topic').click();
  await expect(node(page, 'New topic')).toBeVisible();
  await expect.poll(() => buttons(page)).toEqual({ undo: true, redo: false });
  await expect.poll(() => buttons(other)).toEqual({ undo: true, redo: false });

  // The owner's Undo takes back the owner's datastore, not Bea's topic, for both of them.
  await page.getByTestId('undo').click();
  await expect(node(other, 'New datastore')).toHaveCount(0);
  await expect(node(page, 'New topic')).toBeVisible();
  await expect.poll(() => buttons(page)).toEqual({ undo: false, redo: true });
  // Ctrl+Z goes where the button goes: nothing more of the owner's to take back.
  await page.locator('.react-flow__pane').click();
  await page.keyboard.press('Control+z');
  await expect(node(page, 'New topic')).toBeVisible();

  await page.getByTestId('redo').click();
  await expect(node(other, 'New datastore')).toBeVisible();
  await expect.poll(() => buttons(page)).toEqual({ undo: true, redo: false });
  await expect.poll(() => buttons(other)).toEqual({ undo: true, redo: false });
  await other.context().close();
});

test('zoomed in on a large model, far elements still answer: a far selection moves with the arrow keys, Find brings a far node into view', async ({
  page,
}) => {
  const id = await newModel(page, 'blank');
  const token = await ownerToken(page, id);
  const headers = { authorization: `Bearer ${token}` };
  // Two contexts 6,000 px apart: zoomed in on one, the other lies beyond what React Flow is handed.
  const contexts = [
    { id: 'near', name: 'Near', position: { x: 0, y: 0 }, size: { width: 760, height: 400 } },
    { id: 'far', name: 'Far', position: { x: 6000, y: 0 }, size: { width: 760, height: 400 } },
  ];
  const nodes = contexts.flatMap((context) =>
    [0, 1, 2, 3, 4, 5].map((i) => ({
      id: `${context.id}-${i}`,
      kind: 'service',
      name: `${context.name} ${i}`,
      context: context.id,
      position: { x: context.position.x + 30 + (i % 3) * 240, y: 60 + Math.floor(i / 3) * 160 },
    })),
  );
  const edges = contexts.flatMap((context) =>
    [0, 1, 2, 3, 4].map((i) => ({
      id: `${context.id}-call-${i}`,
      kind: 'sync',
      from: `${context.id}-${i}`,
      to: `${context.id}-${i + 1}`,
      protocol: 'rest',
    })),
  );
  const put = await page.request.put(`/api/v1/models/${id}`, {
    headers: { ...headers, 'if-match': '*', 'content-type': 'application/json' },
    data: { format: 'meshplan/v1', name: 'Far apart', contexts, nodes, edges },
  });
  expect(put.status(), await put.text()).toBe(200);
  await page.reload();
  const drawn = (nodeId: string) => page.locator(`.react-flow__node[data-id="${nodeId}"]`);
  await expect(drawn('far-5')).toBeVisible();

  // Fitted, both in view: select one node of each context.
  await drawn('near-0').click();
  await drawn('far-5').click({ modifiers: ['Control'] });
  await expect(drawn('far-5')).toHaveClass(/selected/);
  await expect(drawn('near-0')).toHaveClass(/selected/);

  // Zoom in on the near one until its name is read at about its own size.
  await zoomInOn(page, drawn('near-0'), 30);
  expect((await drawn('near-0').boundingBox())?.width).toBeGreaterThanOrEqual(150);
  await expect(drawn('far-5')).toHaveCount(0);

  const positions = async () => {
    const model = (await (await page.request.get(`/api/v1/models/${id}`, { headers })).json()) as {
      nodes: { id: string; position: { x: number; y: number } }[];
    };
    return new Map(model.nodes.map((n) => [n.id, n.position]));
  };
  await saved(page);
  const before = await positions();
  await drawn('near-0').focus();
  await page.keyboard.press('ArrowRight');
  // Stored once the author pauses: asked again until the step is there.
  await expect.poll(async () => (await positions()).get('near-0')?.x).not.toBe(before.get('near-0')?.x);
  const after = await positions();
  const moved = (nodeId: string) => (after.get(nodeId)?.x ?? 0) - (before.get(nodeId)?.x ?? 0);
  // Both selected nodes moved, the far one too, by the same step; the others stayed.
  expect(moved('near-0')).toBeGreaterThan(0);
  expect(moved('far-5')).toBe(moved('near-0'));
  expect(moved('near-1')).toBe(0);
  expect(moved('far-4')).toBe(0);

  // Find brings a far node into view, centred, at the zoom the person had.
  const pane = await page.locator('.react-flow').boundingBox();
  await page.getByTestId('find').fill('Far 2');
  await page.getByTestId('find').press('Enter');
  await expect(drawn('far-2')).toBeVisible();
  await expect(drawn('far-2')).toHaveClass(/selected/);
  await expect
    .poll(async () => {
      const box = await drawn('far-2').boundingBox();
      if (box === null || pane === null) return Number.POSITIVE_INFINITY;
      return Math.hypot(
        box.x + box.width / 2 - (pane.x + pane.width / 2),
        box.y + box.height / 2 - (pane.y + pane.height / 2),
      );
    })
    .toBeLessThan(4);
  expect((await drawn('far-2').boundingBox())?.width).toBeGreaterThanOrEqual(150);
});
