import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { measureDiagram } from './diagram.js';
import { node, saved } from './people.js';

const SHOTS = '/tmp/shots-drift';
mkdirSync(SHOTS, { recursive: true });

/** What runs, as a compose file would say: Orders calls Payments (designed) and a pricing service nobody designed. */
const COMPOSE = `services:
  order-service:
    image: shop/order-service:1.0
    environment:
      PAYMENT_URL: http://payment-service:8080
      PRICING_URL: http://legacy-pricing:8080
  payment-service:
    image: shop/payment-service:1.0
  legacy-pricing:
    image: shop/legacy-pricing:1.0
`;

const wrapper = (page: Page, name: string) =>
  page.locator('.react-flow__node').filter({ has: node(page, name) });

test('compare with what runs: the canvas marks what runs undesigned and what was not seen; adopting one call is one step', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await saved(page);
  const edgesBefore = await page.locator('.react-flow__edge').count();

  await page.getByTestId('compare-running').click();
  const dialog = page.getByTestId('compare-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('compare-files').setInputFiles({
    name: 'docker-compose.yml',
    mimeType: 'text/yaml',
    buffer: Buffer.from(COMPOSE),
  });
  await expect(dialog).toHaveCount(0);
  const banner = page.getByTestId('view-banner');
  await expect(banner).toContainText('Compared with docker-compose.yml');
  const items = banner.getByTestId('drift-items');
  await expect(items).toContainText('Runs, not designed: Order service calls legacy-pricing');
  await expect(items).toContainText('Runs, not designed: legacy-pricing');
  await expect(items).toContainText('Designed, not seen: Order service calls Inventory service');

  // On the canvas: the undesigned service and call as ghosts, dashed in their own colour; what the
  // file shows nothing of faded. Clients, the gateway and topics are not deployed by compose: not marked.
  await expect(wrapper(page, 'legacy-pricing')).toHaveClass(/mark-observed/);
  const ghostCall = page.locator('.react-flow__edge.mark-observed');
  await expect(ghostCall).toHaveCount(1);
  const dashes = await ghostCall
    .locator('path.react-flow__edge-path')
    .evaluate((path) => getComputedStyle(path).strokeDasharray);
  expect(dashes).not.toBe('none');
  await expect(wrapper(page, 'Inventory service')).toHaveClass(/mark-unseen/);
  await expect(wrapper(page, 'Web shop')).not.toHaveClass(/mark-unseen/);
  // The ghost is placed beside what calls it, over nothing.
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await expect
    .poll(async () => (await measureDiagram(page, { nodes: [], edges: [] })).overlaps, { timeout: 10_000 })
    .toEqual([]);
  await page.screenshot({ path: `${SHOTS}/compared.png` });

  // Adopt the call: the pricing service comes with it, in one step; the comparison is made again.
  await items
    .locator('li', { hasText: 'Runs, not designed: Order service calls legacy-pricing' })
    .getByRole('button', { name: 'Adopt' })
    .click();
  await expect(items).not.toContainText('Order service calls legacy-pricing');
  await expect(items).not.toContainText('Runs, not designed: legacy-pricing');
  await expect(wrapper(page, 'legacy-pricing')).not.toHaveClass(/mark-observed/);
  await page.screenshot({ path: `${SHOTS}/adopted.png` });

  await page.getByTestId('view-back').click();
  await expect(node(page, 'legacy-pricing')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(edgesBefore + 1);
  await expect(
    page.getByRole('group', {
      name: /Order service calls legacy-pricing|from Order service to legacy-pricing/,
    }),
  ).toHaveCount(1);
  await page.getByTestId('undo').click();
  await expect(node(page, 'legacy-pricing')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(edgesBefore);
});

test('compare with what runs: a file that cannot be read says why, in the dialog', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await page.getByTestId('compare-running').click();
  const dialog = page.getByTestId('compare-dialog');
  await dialog.getByTestId('compare-files').setInputFiles({
    name: 'broken.yml',
    mimeType: 'text/yaml',
    buffer: Buffer.from('services:\n  a: [unclosed\n'),
  });
  await expect(dialog.getByTestId('compare-error')).toContainText('broken.yml');
  await expect(page.getByTestId('view-banner')).toHaveCount(0);
});
