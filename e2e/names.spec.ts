import { expect, type Page, test } from '@playwright/test';
import { createLink, guest, node } from './people.js';

/** Connects the selected node to `target` (by its name) from the inspector's connect form. */
async function connectSelectedTo(page: Page, target: string) {
  await page.getByTestId('connect-target').selectOption({ label: target });
  await page.getByTestId('connect-submit').click();
}

test('the inspector names an edge and a context by their names, never their ids', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-blank').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('palette-context').click();
  await page.getByTestId('palette-service').click();
  await page.getByTestId('field-name').fill('Orders');
  await page.getByTestId('field-name').press('Enter');
  await page.getByTestId('palette-service').click();
  await page.getByTestId('field-name').fill('Payments');
  await page.getByTestId('field-name').press('Enter');
  await node(page, 'Orders').click();

  // The context picker offers the context by name (its id is ctx-1), and shows it chosen.
  const picker = page.getByTestId('field-context');
  await expect(picker.locator('option', { hasText: 'Context 1' })).toHaveCount(1);
  await expect(picker.locator('option', { hasText: 'ctx-1' })).toHaveCount(0);
  await expect(picker.locator('option:checked')).toHaveText('Context 1');

  await connectSelectedTo(page, 'Payments (service)');
  await page.getByRole('button', { name: 'Sync call → Payments' }).click();
  const heading = page.getByTestId('element-heading');
  await expect(heading).toHaveText('Sync call: Orders → Payments');
  await expect(page.getByTestId('inspector')).not.toContainText('sync-1');
  await expect(page.getByTestId('inspector')).not.toContainText('service-1');

  // A screen reader hears the edge by the names of its ends.
  await expect(page.getByRole('group', { name: 'Sync call from Orders to Payments' })).toHaveCount(1);
  await expect(page.locator('[aria-label*="service-1"]')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/inspector-edge.png' });

  // The history names the edge by its ends: once the revision that adds it (with the rest of that
  // burst of edits) is written, changing it alone makes a revision whose sentence names it.
  await page.getByTestId('tab-history').click();
  await expect(page.getByText(/added 1 edge/)).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('tab-design').click();
  await page.getByLabel('Protocol').selectOption('grpc');
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  await page.getByTestId('tab-history').click();
  await expect(page.getByText('changed "Orders → Payments"')).toBeVisible({ timeout: 15_000 });
});

test('a view link shows "Live · view only", and every control that cannot work is disabled', async ({
  page,
  browser,
}) => {
  // The owner: two services writing one datastore (a finding with a fix), then a view link.
  await page.goto('/');
  await page.getByTestId('template-blank').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('palette-service').click();
  await page.getByTestId('palette-service').click();
  await page.getByTestId('palette-datastore').click();
  await node(page, 'New service').click();
  await connectSelectedTo(page, 'New datastore (datastore)');
  await node(page, 'New service 2').click();
  await connectSelectedTo(page, 'New datastore (datastore)');
  await expect(page.getByTestId('fix-shared-datastore')).toBeEnabled();
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  const url = await createLink(page, 'view');
  const viewer = await guest(browser, url, 'Vic', 'New datastore');
  const context = viewer.context();

  const status = viewer.getByTestId('save-status');
  await expect(status).toHaveText('Live · view only', { timeout: 5000 });
  await expect(viewer.getByTestId('auto-layout')).toBeDisabled();
  await expect(viewer.getByTestId('fix-shared-datastore')).toBeDisabled();
  await expect(viewer.getByTestId('undo')).toBeDisabled();
  await expect(viewer.getByTestId('redo')).toBeDisabled();
  await expect(viewer.getByTestId('palette-service')).toHaveCount(0);
  // React Flow's lock button would unlock dragging on a canvas that cannot change.
  await expect(viewer.getByRole('button', { name: 'Toggle Interactivity' })).toHaveCount(0);
  await node(viewer, 'New service').click();
  await expect(viewer.getByTestId('field-name')).toBeDisabled();
  await expect(viewer.getByTestId('connect-submit')).toBeDisabled();
  // What only selects still works: the node's connections lead to the edge, named.
  await viewer.getByRole('button', { name: 'Data access → New datastore' }).click();
  await expect(viewer.getByTestId('element-heading')).toHaveText('Data access: New service → New datastore');
  await expect(viewer.getByTestId('inspector').getByLabel('Access')).toBeDisabled();
  // Delete and paste do nothing, and say nothing is saving.
  await viewer.keyboard.press('Delete');
  await viewer.keyboard.press('Control+c');
  await viewer.keyboard.press('Control+v');
  await expect(node(viewer, 'New service')).toBeVisible();
  await expect(viewer.locator('.react-flow__edge')).toHaveCount(2);

  // Never "Saving…": not now, not after 3 s.
  await viewer.waitForTimeout(3000);
  await expect(status).toHaveText('Live · view only');
  await expect(viewer.getByTestId('message')).toHaveCount(0);
  await viewer.screenshot({ path: 'e2e/artifacts/view-link-editor.png' });
  await context.close();
});
