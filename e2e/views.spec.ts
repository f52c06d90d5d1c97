import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { measureDiagram } from './diagram.js';
import { createLink, guest, node, ownerToken, saved } from './people.js';

const SHOTS = '/tmp/shots-views';
mkdirSync(SHOTS, { recursive: true });

const collapsed = (page: Page, name: string) => page.getByTestId(`collapsed-${name}`);
const stub = (page: Page, name: string) => page.getByTestId(`stub-${name}`);
const modelIdOf = (page: Page) => /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;

/** The owner opens the e-commerce template (laid out on first open) and waits for its canvas. */
async function openShop(page: Page) {
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await saved(page);
}

test('a context view from the list and by URL shows only its elements, its neighbours collapsed, stubs for the rest', async ({
  page,
}) => {
  await openShop(page);
  const id = modelIdOf(page);
  const panel = page.getByTestId('views-panel');
  await page.screenshot({ path: `${SHOTS}/whole-model-views-folded.png` });
  await panel.getByTestId('views-toggle').click();
  await expect(panel.getByTestId('views-generated').getByRole('button')).toHaveCount(6);

  await panel.getByTestId('view-context-ctx-ordering').click();
  await expect(page).toHaveURL(new RegExp(`#/m/${id}/v/ctx-ordering$`));
  await expect(panel.getByTestId('view-context-ctx-ordering')).toHaveAttribute('aria-current', 'true');
  // Ordering and its members, as on the model's canvas.
  await expect(page.getByTestId('context-Ordering')).toBeVisible();
  for (const name of [
    'Order service',
    'Cart service',
    'Cart store',
    'Orders database',
    'Order events',
    'API gateway',
  ])
    await expect(node(page, name), name).toBeVisible();
  // Its neighbours in other contexts: one box per context, named after it; none of their nodes.
  for (const name of ['Payments', 'Inventory', 'Shipping', 'Customers'])
    await expect(collapsed(page, name), name).toBeVisible();
  await expect(page.getByTestId('context-Payments')).toHaveCount(0);
  for (const name of [
    'Payment service',
    'Inventory service',
    'Catalog service',
    'Web shop',
    'Email delivery API',
  ])
    await expect(node(page, name), name).toHaveCount(0);
  // The gateway's edges to what the view does not list end at stubs naming it.
  for (const name of ['Web shop', 'Mobile app', 'Catalog service', 'Search service'])
    await expect(stub(page, name), name).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(1 + 6 + 4 + 4);
  // Edges end at those boxes: the call from Orders to Payments ends at the Payments box.
  await expect(page.getByRole('group', { name: /from Order service to Payments/ })).toHaveCount(1);
  // Routed like the model: once the routes come, no edge runs under a box it does not end at.
  await expect
    .poll(async () => (await measureDiagram(page, { nodes: [], edges: [] })).crossings, { timeout: 15_000 })
    .toEqual([]);
  expect((await measureDiagram(page, { nodes: [], edges: [] })).overlaps).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/context-view-ordering.png` });
  // Screen readers hear what a box stands for.
  await expect(page.getByRole('group', { name: 'Web shop: client, not in this view' })).toHaveCount(1);
  await expect(
    page.getByRole('group', { name: 'Payments: context, its members not in this view' }),
  ).toHaveCount(1);
  await page.getByRole('button', { name: 'Toggle dark theme' }).click();
  await page.screenshot({ path: `${SHOTS}/context-view-ordering-dark.png` });
  await page.getByRole('button', { name: 'Toggle dark theme' }).click();

  // By URL, on arrival: the Payments view.
  await page.goto(`/#/m/${id}/v/ctx-payments`);
  await page.reload();
  await expect(node(page, 'Payment service')).toBeVisible();
  await expect(node(page, 'Payment provider')).toBeVisible();
  await expect(collapsed(page, 'Ordering')).toBeVisible();
  await expect(node(page, 'Order service')).toHaveCount(0);
  // The folded list says which view is on show.
  await expect(page.getByTestId('views-shown')).toHaveText(': Payments');
  await page.screenshot({ path: `${SHOTS}/context-view-payments-by-url.png` });

  // A view the model does not have: the whole model, and a word why.
  await page.goto(`/#/m/${id}/v/no-such-view`);
  await expect(page.getByTestId('message')).toContainText('no view “no-such-view”');
  await expect(node(page, 'Order service')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/m/${id}$`));
});

test('a view saved from a selection keeps positions of its own; a view link opened by someone else shows the view', async ({
  page,
  browser,
}) => {
  await openShop(page);
  const id = modelIdOf(page);
  const panel = page.getByTestId('views-panel');
  await panel.getByTestId('views-toggle').click();
  await panel.getByTestId('view-whole').click();
  // Folded while nodes are chosen: the open list lies over the top left of the canvas.
  await panel.getByTestId('views-toggle').click();
  const before = await node(page, 'Order service').boundingBox();

  // Select Ordering (it brings its members) and the payment service, and save them as a view.
  await page.getByTestId('context-Ordering').click({ position: { x: 12, y: 12 } });
  await node(page, 'Payment service').click({ modifiers: ['Control'] });
  await panel.getByTestId('views-toggle').click();
  await panel.getByTestId('view-save-selection').click();
  await panel.getByTestId('view-name').fill('Checkout <b>flow</b>');
  await panel.getByTestId('view-name-save').click();
  await expect(panel.getByTestId('view-saved-view-1')).toHaveText('Checkout <b>flow</b>');
  await expect(page).toHaveURL(new RegExp(`#/m/${id}/v/view-1$`));
  await expect(node(page, 'Payment service')).toBeVisible();
  await expect(node(page, 'Cart service')).toBeVisible();
  await expect(node(page, 'Inventory service')).toHaveCount(0);
  await expect(stub(page, 'Inventory service')).toBeVisible();

  // Drag the order service in the view: the view's position moves, the model's does not.
  const start = await node(page, 'Order service').boundingBox();
  if (start === null || before === null) throw new Error('not drawn');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 60, start.y + start.height / 2 + 90, { steps: 8 });
  await page.mouse.up();
  await saved(page);
  const moved = await node(page, 'Order service').boundingBox();
  expect(moved?.y).toBeGreaterThan(start.y + 60);
  await page.screenshot({ path: `${SHOTS}/saved-view-after-drag.png` });

  const token = (await ownerToken(page, id)) as string;
  const stored = async () => {
    const response = await page.request.get(`/api/v1/models/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await response.json()) as {
      nodes: { id: string; position?: { x: number; y: number } }[];
      views?: { id: string; name: string; positions?: Record<string, { x: number; y: number }> }[];
    };
  };
  const original = (await stored()).nodes.find((n) => n.id === 'orders')?.position;
  // Written to a revision once the room folds it: the view's position moved, the model's stayed.
  await expect
    .poll(async () => (await stored()).views?.[0]?.positions?.orders?.y, { timeout: 20_000 })
    .toBeGreaterThan((original?.y ?? 0) + 40);
  expect((await stored()).nodes.find((n) => n.id === 'orders')?.position).toEqual(original);

  // On the whole model the order service is where it was.
  await panel.getByTestId('view-whole').click();
  await expect(node(page, 'Inventory service')).toBeVisible();
  const after = await node(page, 'Order service').boundingBox();
  expect(Math.abs((after?.x ?? 0) - before.x)).toBeLessThan(2);
  expect(Math.abs((after?.y ?? 0) - before.y)).toBeLessThan(2);

  // A link made with the view on show opens on it for someone else.
  await panel.getByTestId('view-saved-view-1').click();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-view')).toContainText('Checkout <b>flow</b>');
  await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();
  const url = await createLink(page, 'view');
  expect(url).toMatch(/\/v\/view-1$/);
  const other = await guest(browser, url, 'Bo', 'Order service');
  await expect(other).toHaveURL(new RegExp(`#/m/${id}/v/view-1$`));
  await expect(node(other, 'Payment service')).toBeVisible();
  await expect(node(other, 'Inventory service')).toHaveCount(0);
  await expect(stub(other, 'Inventory service')).toBeVisible();
  // The name is text, never markup.
  await expect(other.getByTestId('views-shown')).toHaveText(': Checkout <b>flow</b>');
  await expect(other.getByTestId('views-panel').locator('b')).toHaveCount(0);
  await other.screenshot({ path: `${SHOTS}/view-link-guest.png` });
  await other.context().close();

  // Taken out of the view, the payment service stays in the model; its edge ends at a stub now.
  // By its corner: an edge crosses its middle (edges leave and enter on the left and right only).
  await node(page, 'Payment service').click({ position: { x: 6, y: 6 } });
  await panel.getByTestId('view-remove-selection').click();
  await expect(node(page, 'Payment service')).toHaveCount(0);
  await expect(stub(page, 'Payment service')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/saved-view-after-remove.png` });

  // Renamed, then deleted: the whole model again.
  await panel.getByTestId('view-rename-view-1').click();
  await panel.getByTestId('view-name').fill('Checkout');
  await panel.getByTestId('view-name-save').click();
  await expect(panel.getByTestId('view-saved-view-1')).toHaveText('Checkout');
  await panel.getByTestId('view-delete-view-1').click();
  await expect(panel.getByTestId('view-saved-view-1')).toHaveCount(0);
  await expect(node(page, 'Inventory service')).toBeVisible();
  await expect(node(page, 'Payment service')).toBeVisible();
  // Undo brings the view back.
  await page.getByTestId('undo').click();
  await expect(panel.getByTestId('view-saved-view-1')).toHaveText('Checkout');
});

test('a link to a view saved a moment ago opens on it, before any revision holds the view', async ({
  page,
  browser,
}) => {
  await openShop(page);
  const id = modelIdOf(page);
  const panel = page.getByTestId('views-panel');
  await panel.getByTestId('views-toggle').click();
  await node(page, 'Cart service').click({ position: { x: 6, y: 6 } });
  await panel.getByTestId('view-save-selection').click();
  await panel.getByTestId('view-name').fill('Fresh');
  await panel.getByTestId('view-name-save').click();
  await expect(node(page, 'Order service')).toHaveCount(0);
  // The owner keeps changing the cart service's API style: the room writes no revision while its
  // authors are busy, so the server's last revision has no view at all when the link is opened.
  const style = page.getByTestId('inspector').getByLabel('Style');
  let busy = true;
  const changing = (async () => {
    for (let i = 0; busy; i++) {
      await style.selectOption(i % 2 === 0 ? 'grpc' : 'rest');
      await page.waitForTimeout(200);
    }
  })();
  const url = await createLink(page, 'view');
  expect(url).toMatch(/\/v\/view-1$/);
  try {
    const other = await guest(browser, url, 'Bo', 'Cart service');
    const token = (await ownerToken(page, id)) as string;
    const stored = await page.request.get(`/api/v1/models/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await stored.json()) as { views?: unknown[] }).views).toBeUndefined();
    await expect(other).toHaveURL(new RegExp(`#/m/${id}/v/view-1$`));
    await expect(other.getByTestId('views-shown')).toHaveText(': Fresh');
    await expect(node(other, 'Order service')).toHaveCount(0);
    await expect(stub(other, 'Order service')).toBeVisible();
    await other.context().close();
  } finally {
    busy = false;
    await changing;
  }
});

test('an address pasted while the editor changes its view is followed, not put back', async ({ page }) => {
  await openShop(page);
  const id = modelIdOf(page);
  const panel = page.getByTestId('views-panel');
  await panel.getByTestId('views-toggle').click();
  const share = `#/s/${id}/ml_${'0'.repeat(32)}_x`;
  // The address changes and, before the browser says so (`hashchange` comes a task later), the
  // editor opens a view, which writes the view into the address: it must leave another page's be.
  await page.evaluate((share) => {
    location.hash = share;
    (document.querySelector('[data-testid="view-context-ctx-ordering"]') as HTMLElement).click();
  }, share);
  await expect(page.getByTestId('display-name')).toBeVisible();
  expect(new URL(page.url()).hash).toBe(share);
});
