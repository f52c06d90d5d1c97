import { expect, type Page, test } from '@playwright/test';
import { createLink, guest, node } from './people.js';

/**
 * Issue 13, "Review flow": restore a revision on show, the "changes requested" badge, the Share
 * dialog's links and the landing page, and the owner's name on what the owner did.
 */

/** The owner, named on the home page, creates the e-commerce model and waits for it to be saved. */
async function ownerCreates(page: Page, name = 'Olivia') {
  await page.goto('/');
  await page.getByTestId('your-name').fill(name);
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 10_000 });
}

test('the owner restores a revision shown read-only, and the history credits the owner by name', async ({
  page,
}) => {
  await ownerCreates(page);
  await node(page, 'Cart service').click();
  await page.getByTestId('field-name').fill('Basket service');
  await page.getByTestId('field-name').press('Enter');
  await expect(node(page, 'Basket service')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });

  await page.getByTestId('tab-history').click();
  const revisions = page.getByTestId('revision');
  await expect(revisions.first()).toContainText('Basket service');
  // The owner's edits carry the owner's name, never "someone".
  await expect(revisions.first()).toContainText('Olivia (owner)');
  await expect(page.getByTestId('history')).not.toContainText('someone');

  // The first revision on show, read-only: it can be restored from the banner.
  await revisions.last().getByTestId('revision-view').click();
  const banner = page.getByTestId('view-banner');
  await expect(banner).toContainText('read-only');
  await expect(node(page, 'Cart service')).toBeVisible();
  await banner.getByTestId('revision-restore').click();

  // Back on the current model, which is now the restored one, as a revision of its own.
  await expect(page.getByTestId('view-banner')).toHaveCount(0);
  await expect(node(page, 'Cart service')).toBeVisible();
  await expect(node(page, 'Basket service')).toHaveCount(0);
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision').first()).toContainText('restored revision 1');
  await expect(page.getByTestId('revision').first()).toContainText('Olivia (owner)');
  // And it is editable again.
  await expect(page.getByTestId('palette-service')).toBeEnabled();
});

test('"Changes requested" shows on the home row and in the editor header until a later approval; a comment link cannot restore', async ({
  page,
  browser,
}) => {
  await ownerCreates(page);
  const id = /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;
  const commentUrl = await createLink(page, 'comment');
  await expect(page.getByTestId('changes-requested')).toHaveCount(0);

  const rita = await guest(browser, commentUrl, 'Rita');
  await rita.getByTestId('tab-history').click();
  await rita.getByTestId('review-request-changes').check();
  await rita.getByTestId('review-summary').fill('The cart needs its own store');
  await rita.getByTestId('review-submit').click();
  await expect(rita.getByTestId('changes-requested')).toBeVisible();
  // A comment link sees an earlier revision but cannot restore it.
  await rita.getByTestId('revision').last().getByTestId('revision-view').click();
  await expect(rita.getByTestId('view-banner')).toBeVisible();
  await expect(rita.getByTestId('revision-restore')).toHaveCount(0);

  // The owner hears of it live: the header says so, and so does the home page's row.
  await expect(page.getByTestId('changes-requested')).toBeVisible({ timeout: 5000 });
  await page.goto('/');
  const row = page.getByTestId('model-row').filter({ has: page.locator(`a[href="#/m/${id}"]`) });
  await expect(row.getByTestId('changes-requested')).toBeVisible();

  // A later approval clears it everywhere.
  await row.getByRole('link').click();
  await page.getByTestId('tab-history').click();
  await page.getByTestId('review-approve').check();
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('review').filter({ hasText: 'Approved by Olivia (owner)' })).toBeVisible();
  await expect(page.getByTestId('changes-requested')).toHaveCount(0);
  await expect(rita.getByTestId('changes-requested')).toHaveCount(0, { timeout: 5000 });
  await page.goto('/');
  await expect(page.getByTestId('model-row').first()).toBeVisible();
  await expect(page.getByTestId('changes-requested')).toHaveCount(0);
  await rita.context().close();
});

test('the Share dialog keeps every link it made, copies with feedback, defaults to view for 30 days; the landing says what the link is', async ({
  page,
  browser,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await ownerCreates(page);
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-role')).toHaveValue('view');
  await expect(dialog.getByTestId('share-expiry').locator('option:checked')).toHaveText('30 days');

  await dialog.getByTestId('share-create').click();
  await expect(dialog.getByTestId('share-created')).toHaveCount(1);
  await dialog.getByTestId('share-role').selectOption('comment');
  await dialog.getByTestId('share-create').click();
  const created = dialog.getByTestId('share-created');
  await expect(created).toHaveCount(2);
  // Both stay, newest first, each with its full URL and what it allows.
  await expect(created.nth(0)).toContainText('Link to comment and review');
  await expect(created.nth(1)).toContainText('Link to view');
  const commentUrl = await created.nth(0).getByTestId('share-url').inputValue();
  const viewUrl = await created.nth(1).getByTestId('share-url').inputValue();
  for (const url of [commentUrl, viewUrl]) expect(url).toMatch(/^http:\/\/[^/]+\/#\/s\/[A-Za-z0-9_-]+\/ml_/);
  expect(commentUrl).not.toBe(viewUrl);

  // Copy says "Copied", and the clipboard holds that link.
  await created.nth(1).getByTestId('share-copy').click();
  await expect(created.nth(1).getByTestId('share-copy')).toHaveText('Copied');
  await expect(created.nth(0).getByTestId('share-copy')).toHaveText('Copy');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(viewUrl);
  await expect(created.nth(1).getByTestId('share-copy')).toHaveText('Copy', { timeout: 5000 });
  // The links list has both, each expiring in 30 days.
  await expect(dialog.getByTestId('share-link')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The landing page names the model, who shared it and what the link allows, before anything is kept.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const visitor = await context.newPage();
  await visitor.goto(viewUrl);
  const info = visitor.getByTestId('share-landing-info');
  await expect(info).toContainText('Olivia shared E-commerce');
  await expect(info).toContainText('This link lets you view it');
  const until = new Date(Date.now() + 30 * 24 * 3600_000);
  await expect(info).toContainText(String(until.getFullYear()));
  await visitor.goto(commentUrl);
  await expect(visitor.getByTestId('share-landing-info')).toContainText('comment on it and review');
  // Opening it keeps the model under its own name on this browser's home page.
  await visitor.getByTestId('display-name').fill('Vic');
  await visitor.getByTestId('open-shared').click();
  await expect(node(visitor, 'Order service')).toBeVisible();
  await visitor.goto('/');
  await expect(visitor.getByTestId('model-row')).toContainText('E-commerce');
  await context.close();
});

test('restoring while live: the room takes the restored revision in, for everyone', async ({
  page,
  browser,
}) => {
  await ownerCreates(page);
  const editUrl = await createLink(page, 'edit');
  const eddie = await guest(browser, editUrl, 'Eddie');
  await node(eddie, 'Cart service').click();
  await eddie.getByTestId('field-name').fill('Basket service');
  await eddie.getByTestId('field-name').press('Enter');
  await expect(node(page, 'Basket service')).toBeVisible({ timeout: 3000 });

  await page.getByTestId('tab-history').click();
  // The room writes Eddie's change as a revision once he pauses.
  await expect(page.getByTestId('revision').first()).toContainText('Eddie (edit link)', { timeout: 8000 });
  await page.getByTestId('revision').last().getByTestId('revision-view').click();
  await page.getByTestId('view-banner').getByTestId('revision-restore').click();
  await expect(page.getByTestId('view-banner')).toHaveCount(0);
  await expect(node(page, 'Cart service')).toBeVisible({ timeout: 5000 });
  await expect(node(eddie, 'Cart service')).toBeVisible({ timeout: 5000 });
  await expect(node(eddie, 'Basket service')).toHaveCount(0);
  await expect(page.getByTestId('revision').first()).toContainText('restored revision 1', { timeout: 5000 });
  await eddie.context().close();
});
