import { type Browser, expect, type Locator, type Page } from '@playwright/test';

/** A node on the canvas, by its name. */
export const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);

/** Waits until the server has every change of this page (`Saved`, or `Saved · live` with others). */
export const saved = (page: Page, text: string | RegExp = 'Saved') =>
  expect(page.getByTestId('save-status')).toHaveText(text, { timeout: 10_000 });

/** Stores `model` through the API and opens it in the editor as its owner, as the home page would. */
export async function openAsOwner(page: Page, model: { name: string }): Promise<string> {
  const created = await page.request.post('/api/v1/models', { data: model });
  expect(created.status(), await created.text()).toBe(201);
  const { id, token } = (await created.json()) as { id: string; token: string };
  await page.addInitScript(
    (known) => localStorage.setItem('meshplan.models', known),
    JSON.stringify([{ id, token, name: model.name, updatedAt: new Date().toISOString() }]),
  );
  await page.goto(`/#/m/${id}`);
  return id;
}

/**
 * Zooms the canvas in with the wheel, over `element`, until it is drawn at least `width` px wide
 * (a service at about its own size, as one works), in at most `tries` turns of the wheel.
 */
export async function zoomInOn(page: Page, element: Locator, tries = 40, width = 150) {
  for (let i = 0; i < tries; i++) {
    const box = await element.boundingBox();
    if (box === null) throw new Error(`${element} is not on the canvas`);
    if (box.width >= width) return;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(120);
  }
}

/** The owner makes a share link of `role` in the Share dialog and returns its address. */
export async function createLink(page: Page, role: 'view' | 'comment' | 'edit'): Promise<string> {
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByTestId('share-role').selectOption(role);
  await dialog.getByTestId('share-create').click();
  // The dialog lists every link it made, newest first.
  const url = await dialog.getByTestId('share-url').first().inputValue();
  expect(url).toMatch(/\/#\/s\/[A-Za-z0-9_-]+\/ml_/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return url;
}

/**
 * Someone else, in a browser context of their own, opens a link under a name and waits for the
 * model (`shows`, a node's name) on their canvas.
 */
export async function guest(browser: Browser, url: string, name: string, shows = 'Order service') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('open-shared').click();
  await expect(node(page, shows)).toBeVisible();
  // The secret leaves the address bar once the link is opened. Looked for whole: a model's random
  // id may itself hold "ml_" (a run failed on one that did).
  const credential = url.slice(url.indexOf('/ml_') + 1);
  expect(page.url()).not.toContain(credential);
  expect(page.url()).not.toContain('#/s/');
  return page;
}

/** The owner credential this browser holds for a model (the home page keeps it in localStorage). */
export const ownerToken = (page: Page, id: string): Promise<string | undefined> =>
  page.evaluate((modelId) => {
    const models = JSON.parse(localStorage.getItem('meshplan.models') ?? '[]') as {
      id: string;
      credentials?: { credential: string; role: string }[];
    }[];
    return models.find((m) => m.id === modelId)?.credentials?.find((c) => c.role === 'owner')?.credential;
  }, id);
