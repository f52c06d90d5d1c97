import { expect, test } from '@playwright/test';
import { node, ownerToken, saved } from './people.js';

/**
 * Issue 16, "In review": the History panel's comparison lists contract changes first (breaking in
 * red, with consumers and impacted, each selecting its element), and an approval of a revision
 * that breaks a consumer asks for an explicit acknowledgement, stored with the review.
 */
test('a revision that breaks the gateway: its contract change comes first, and approving it must acknowledge it', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('your-name').fill('Olivia');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await saved(page);
  const id = /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;
  const token = (await ownerToken(page, id)) as string;

  // A script (a CI job, say) saves a revision whose POST /v1/orders no longer returns `status`.
  const headers = { authorization: `Bearer ${token}` };
  const current = await (await page.request.get(`/api/v1/models/${id}`, { headers })).json();
  const model = structuredClone(current);
  const orders = model.nodes.find((n: { id: string }) => n.id === 'orders');
  const create = orders.api.endpoints.find(
    (e: { method: string; path: string }) => e.method === 'POST' && e.path === '/v1/orders',
  );
  delete create.response.properties.status;
  create.response.required = (create.response.required ?? []).filter((name: string) => name !== 'status');
  const put = await page.request.put(`/api/v1/models/${id}`, {
    headers: { ...headers, 'if-match': '*', 'content-type': 'application/json' },
    data: model,
  });
  expect(put.status()).toBe(200);
  const { revision } = (await put.json()) as { revision: number };

  // The comparison of the last two revisions: the breaking contract change first, in red.
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('revision').first()).toContainText(`#${revision}`, { timeout: 10_000 });
  await page.getByTestId('compare-from').selectOption(String(revision - 1));
  await page.getByTestId('compare-to').selectOption(String(revision));
  await page.getByTestId('compare-submit').click();
  const banner = page.getByTestId('view-banner');
  await expect(banner).toContainText('1 breaking change');
  // Contract changes come before the element differences in words.
  const lists = await banner.evaluate((element) =>
    [...element.querySelectorAll('[data-testid="contract-changes"], [data-testid="diff-sentences"]')].map(
      (list) => list.getAttribute('data-testid'),
    ),
  );
  expect(lists).toEqual(['contract-changes', 'diff-sentences']);
  const first = banner.getByTestId('contract-change').first();
  await expect(first).toHaveAttribute('data-severity', 'breaking');
  await expect(first).toHaveClass(/contract-breaking/);
  await expect(first).toContainText('POST /v1/orders of "Order service" no longer returns status');
  expect(await first.evaluate((li) => getComputedStyle(li).borderLeftColor)).not.toBe('rgba(0, 0, 0, 0)');
  // The consumers and whoever they take along are named, and each selects its element.
  await expect(first).toContainText('Breaks API gateway');
  await expect(first).toContainText('Web shop');
  // On the canvas, the consumer it breaks is marked.
  await expect(page.locator('.react-flow__node[data-id="gateway"]')).toHaveClass(/mark-broken/);
  await first.locator('[data-element="gateway"]').click();
  await expect(page.locator('.react-flow__node.selected')).toHaveAttribute('data-id', 'gateway');
  await first.locator('[data-element="web"]').click();
  await expect(page.locator('.react-flow__node.selected')).toHaveAttribute('data-id', 'web');
  await banner.getByTestId('view-back').click();

  // Approving the newest revision: the form asks for an explicit acknowledgement first.
  await page.getByTestId('tab-history').click();
  await page.getByTestId('review-approve').check();
  const acknowledge = page.getByTestId('review-acknowledge');
  await expect(acknowledge).toBeVisible();
  await expect(page.getByTestId('review-submit')).toBeDisabled();
  // Requesting changes needs none.
  await page.getByTestId('review-request-changes').check();
  await expect(acknowledge).toHaveCount(0);
  await expect(page.getByTestId('review-submit')).toBeEnabled();
  await page.getByTestId('review-approve').check();
  await page.getByTestId('review-acknowledge').check();
  await page.getByTestId('review-summary').fill('The gateway maps status itself now');
  await page.getByTestId('review-submit').click();
  const review = page.getByTestId('revision').first().getByTestId('review');
  await expect(review).toContainText('Approved by Olivia (owner), acknowledging 1 breaking change');

  // Stored with the review: the server lists it.
  const listed = await (await page.request.get(`/api/v1/models/${id}/revisions`, { headers })).json();
  const reviewed = listed.revisions.find((r: { reviews: unknown[] }) => r.reviews.length > 0);
  expect(reviewed.reviews[0]).toMatchObject({ status: 'approved', acknowledgedBreaking: 1 });
});
