import { expect, type Page, test } from '@playwright/test';
import { createLink, guest, node } from './people.js';

/** The owner: a new model from the e-commerce template, and a share link of `role`. */
async function ownerWithLink(page: Page, role: 'view' | 'comment' | 'edit') {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('meshplan.name', 'Ada'));
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  return createLink(page, role);
}

test('an edit link lets B add a service that A sees within a second; both see who is there', async ({
  page,
  browser,
}) => {
  const url = await ownerWithLink(page, 'edit');
  const b = await guest(browser, url, 'Bea');
  await expect(b.getByTestId('save-status')).toHaveText(/Saved · live/);
  await expect(page.getByTestId('presence').getByTestId('peer')).toHaveCount(1);
  await expect(page.getByTestId('presence')).toContainText('Bea');

  await b.getByTestId('palette-service').click();
  await expect(node(page, 'New service')).toBeVisible({ timeout: 1000 });
  // What B selected shows on A's canvas in B's colour.
  await expect(page.locator('.react-flow__node.mark-peer')).toHaveCount(1);
  await expect(b.getByTestId('save-status')).toHaveText('Saved · live', { timeout: 5000 });
  await page.screenshot({ path: 'e2e/artifacts/live-owner.png' });

  // And the change is stored: a fresh open (over HTTP) shows it.
  await b.reload();
  await expect(node(b, 'New service')).toBeVisible();
  await b.context().close();
});

test('a view link lets C see the live model but change nothing, in the UI and through the API', async ({
  page,
  browser,
}) => {
  const url = await ownerWithLink(page, 'view');
  const c = await guest(browser, url, 'Cy');
  await expect(c.getByTestId('read-only')).toHaveText('View only');
  await expect(c.getByTestId('palette-service')).toHaveCount(0);
  await node(c, 'Order service').click();
  await expect(c.getByTestId('field-name')).toBeDisabled();

  // A's change reaches C live.
  await page.getByTestId('palette-datastore').click();
  await expect(node(c, 'New datastore')).toBeVisible({ timeout: 2000 });

  // The server refuses a view link's write, whatever the UI does.
  const credential = /\/(ml_[A-Za-z0-9_-]+)$/.exec(url)?.[1] as string;
  const modelId = /#\/s\/([A-Za-z0-9_-]+)\//.exec(url)?.[1] as string;
  const read = await c.request.get(`/api/v1/models/${modelId}`, {
    headers: { authorization: `Bearer ${credential}` },
  });
  expect(read.status()).toBe(200);
  const write = await c.request.put(`/api/v1/models/${modelId}`, {
    headers: { authorization: `Bearer ${credential}`, 'if-match': '*', 'content-type': 'application/json' },
    data: await read.json(),
  });
  expect(write.status()).toBe(403);

  // The owner revokes the link: C is out of the session at once, and the API says 404.
  await page.getByTestId('share').click();
  await page.getByTestId('share-dialog').getByTestId('share-revoke').click();
  await expect(page.getByTestId('share-dialog')).toContainText('revoked');
  await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();
  await expect(c.getByTestId('save-status')).toHaveText('Link no longer valid', { timeout: 3000 });
  const after = await c.request.get(`/api/v1/models/${modelId}`, {
    headers: { authorization: `Bearer ${credential}` },
  });
  expect(after.status()).toBe(404);
  await c.context().close();
});

test('three people: comment threads round trip live, a revision is approved, and two revisions compared', async ({
  page,
  browser,
}) => {
  const commentUrl = await ownerWithLink(page, 'comment');
  const editUrl = await createLink(page, 'edit');
  const bea = await guest(browser, commentUrl, 'Bea');
  const cy = await guest(browser, editUrl, 'Cy');
  await expect(page.getByTestId('presence').getByTestId('peer')).toHaveCount(2);

  // Bea comments on the payment service.
  await node(bea, 'Payment service').click();
  await bea.getByTestId('tab-comments').click();
  await bea.getByTestId('comment-text').fill('Who owns refunds? <b>not HTML</b>');
  await bea.getByTestId('comment-add').click();

  // Ada sees it live, replies; Bea sees the reply; Bea resolves; Ada sees no open thread.
  await page.getByTestId('tab-comments').click();
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('Who owns refunds? <b>not HTML</b>', { timeout: 3000 });
  await expect(thread).toContainText('On “Payment service”');
  await expect(page.getByTestId('comment-pin')).toHaveCount(1);
  // Names come with the role of the credential: Bea wrote with the comment link.
  await expect(thread.getByTestId('comment-author')).toHaveText(['Bea (comment link)']);
  // The owner may delete Bea's comment but not reword it.
  await expect(thread.getByTestId('comment-edit')).toHaveCount(0);
  await expect(thread.getByTestId('comment-delete')).toHaveCount(1);
  await thread.getByTestId('reply-text').fill('Payments team');
  await thread.getByRole('button', { name: 'Reply' }).click();
  await expect(bea.getByTestId('thread')).toContainText('Payments team', { timeout: 3000 });
  await expect(bea.getByTestId('thread').getByTestId('comment-author')).toHaveText([
    'Bea (comment link)',
    'Ada (owner)',
  ]);
  // Bea edits her own words (and only hers); Ada sees the change.
  await expect(bea.getByTestId('comment-edit')).toHaveCount(1);
  await bea.getByTestId('comment-edit').click();
  await bea.getByTestId('comment-edit-text').fill('Who owns refunds, really?');
  await bea.getByRole('button', { name: 'Save' }).click();
  await expect(thread).toContainText('Who owns refunds, really?', { timeout: 3000 });
  await bea.getByTestId('thread-toggle').click();
  await expect(page.getByTestId('comments')).toContainText('Comments (0 open)', { timeout: 3000 });
  await expect(page.getByTestId('comment-pin')).toHaveCount(0);

  // Cy renames a service; the room writes a revision.
  await node(cy, 'Cart service').click();
  await cy.getByTestId('field-name').fill('Basket service');
  await cy.getByTestId('field-name').press('Enter');
  await expect(node(page, 'Basket service')).toBeVisible({ timeout: 2000 });

  // Bea approves the newest revision with a summary; Ada sees the decision.
  await bea.getByTestId('tab-history').click();
  await expect(bea.getByTestId('revision').first()).toContainText('Cy', { timeout: 8000 });
  await bea.getByTestId('review-approve').check();
  await bea.getByTestId('review-summary').fill('Looks right to me');
  await bea.getByTestId('review-submit').click();
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('review').first()).toContainText(
    'Approved by Bea (comment link): Looks right to me',
    {
      timeout: 3000,
    },
  );

  // Ada compares the first revision with now: the renamed service is marked and named in words.
  await page.getByTestId('revision-compare').last().click();
  await expect(page.getByTestId('view-banner')).toBeVisible();
  await expect(page.getByTestId('diff-sentences')).toContainText('Basket service');
  await expect(page.locator('.react-flow__node.mark-changed')).not.toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/review-compare.png' });
  await page.getByTestId('view-back').click();
  await expect(page.getByTestId('view-banner')).toHaveCount(0);
  // Any two revisions: the first against the one Cy made.
  await page.getByTestId('compare-from').selectOption('1');
  await page.getByTestId('compare-to').selectOption('3');
  await page.getByTestId('compare-submit').click();
  await expect(page.getByTestId('view-banner')).toContainText('Revision 1 → 3');
  await expect(page.getByTestId('diff-sentences')).toContainText('Changed service "Basket service": name');
  await page.getByTestId('view-back').click();
  await bea.context().close();
  await cy.context().close();
});
