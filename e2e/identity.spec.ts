import { expect, type Page, test } from '@playwright/test';
import { ownerToken } from './people.js';

/**
 * Issue 12, section 2: opening a share link in the owner's own browser (their own view link, or
 * a bogus credential for their model) must never take the owner token away.
 */
const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('display-name').fill('Ada');
  await page.getByTestId('open-shared').click();
}

test('the owner opens their own view link and a bogus one, and can still revoke links and delete the model', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('meshplan.name', 'Ada'));
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  const id = /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByTestId('share-role').selectOption('view');
  await dialog.getByTestId('share-create').click();
  const viewUrl = await dialog.getByTestId('share-url').inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The owner opens their own view link in the same browser: both credentials are kept, and the
  // model still opens as owner.
  await open(page, viewUrl);
  await expect(node(page, 'Order service')).toBeVisible();
  expect(page.url()).not.toContain('ml_');
  await expect(page.getByTestId('share')).toBeVisible();
  const openAs = page.getByTestId('open-as');
  await expect(openAs.locator('option')).toHaveText(['owner', 'view link']);
  // Switching to the view link shows what a viewer sees; switching back gives everything back.
  await openAs.selectOption({ label: 'view link' });
  await expect(page.getByTestId('read-only')).toHaveText('View only');
  await expect(page.getByTestId('share')).toHaveCount(0);
  await page.getByTestId('open-as').selectOption({ label: 'owner' });
  await expect(page.getByTestId('share')).toBeVisible();

  // A bogus credential for the same model changes nothing in this browser.
  const before = await page.evaluate(() => localStorage.getItem('meshplan.models'));
  await open(page, `/#/s/${id}/ml_${'0'.repeat(32)}_x`);
  await expect(page.getByTestId('share-error')).toContainText('does not open a model');
  expect(await page.evaluate(() => localStorage.getItem('meshplan.models'))).toBe(before);
  await page.goto(`/#/m/${id}`);
  await expect(node(page, 'Order service')).toBeVisible();

  // The owner still revokes the link…
  await page.getByTestId('share').click();
  await page.getByTestId('share-dialog').getByTestId('share-revoke').click();
  await expect(page.getByTestId('share-dialog').getByTestId('share-link')).toContainText('revoked');
  await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();

  // …and deletes the model from the home page.
  const token = await ownerToken(page, id);
  expect(token).toBeDefined();
  await page.goto('/');
  const row = page.getByTestId('model-row').filter({ hasText: 'E-commerce' });
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  const gone = await request.get(`/api/v1/models/${id}`, { headers: { authorization: `Bearer ${token}` } });
  expect(gone.status()).toBe(404);
});
