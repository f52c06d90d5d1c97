import { expect, type Page, test } from '@playwright/test';
import { createLink, guest, node, ownerToken, saved } from './people.js';

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
