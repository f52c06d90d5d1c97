import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { node, saved } from './people.js';

const SHOTS = '/tmp/shots-impact';
mkdirSync(SHOTS, { recursive: true });

const wrapper = (page: Page, name: string) =>
  page.locator('.react-flow__node').filter({ has: node(page, name) });

test('what if the orders database fails: marks by effect on the canvas, the impact in words user-facing first, the latency budget beside it', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Orders database')).toBeVisible();
  await saved(page);

  await node(page, 'Orders database').click();
  await page.getByTestId('what-if-fails').click();
  const banner = page.getByTestId('view-banner');
  await expect(banner).toContainText('What if "Orders database" fails?');
  const lines = banner.getByTestId('diff-sentences').locator('li');
  await expect(lines.first()).toHaveText(
    'If "Orders database" fails: 1 fails, 3 degrade, 3 are delayed; users notice on "Web shop", "Mobile app".',
  );
  await expect(lines.nth(1)).toContainText('"Web shop" degrades (user-facing)');
  await expect(lines.nth(2)).toContainText('"Mobile app" degrades (user-facing)');
  await expect(lines.nth(3)).toHaveText('"Order service" fails: "Orders database" → "Order service"');
  await expect(banner).toContainText('"Shipping service" is delayed');
  await expect(banner).toContainText(
    'Timeout inversion: "Order service" gives up on "Payment service" after 2,000 ms, but "Payment service" may take 6,000 ms.',
  );
  await expect(banner).toContainText(
    'Latency budget, worst case from each entry point: "Web shop": 12,000 ms',
  );

  // The canvas: the database itself and what fails with it, what degrades, what is delayed.
  await expect(wrapper(page, 'Orders database')).toHaveClass(/mark-failed/);
  await expect(wrapper(page, 'Order service')).toHaveClass(/mark-failed/);
  await expect(wrapper(page, 'API gateway')).toHaveClass(/mark-degraded/);
  await expect(wrapper(page, 'Web shop')).toHaveClass(/mark-degraded/);
  await expect(wrapper(page, 'Shipping service')).toHaveClass(/mark-delayed/);
  await expect(wrapper(page, 'Catalog service')).not.toHaveClass(/mark-/);
  await expect(page.locator('.react-flow__edge.mark-failed')).toHaveCount(1);
  const ring = await wrapper(page, 'Order service')
    .locator('> *')
    .first()
    .evaluate((el) => getComputedStyle(el).boxShadow);
  expect(ring).toContain('rgb(224, 49, 49)');
  await page.screenshot({ path: `${SHOTS}/what-if-orders-db.png` });

  // Read-only, and back to the model unmarked.
  await page.getByTestId('view-back').click();
  await expect(banner).toHaveCount(0);
  await expect(page.locator('.react-flow__node[class*="mark-failed"]')).toHaveCount(0);

  // The same from the command palette, and the latency budget as a command of its own.
  await node(page, 'Payment service').click();
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-search').fill('what if');
  await page.keyboard.press('Enter');
  await expect(banner).toContainText('What if "Payment service" fails?');
  await expect(wrapper(page, 'Order service')).toHaveClass(/mark-degraded/);
  await page.getByTestId('view-back').click();
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-search').fill('latency budget');
  await page.keyboard.press('Enter');
  await expect(banner).toContainText('Latency budget');
  await expect(page.locator('.react-flow__edge.mark-degraded')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/latency-budget.png` });
});
