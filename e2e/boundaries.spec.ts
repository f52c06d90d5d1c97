import { expect, type Page, test } from '@playwright/test';

/** Errors that reached the page uncaught, and what the app logged as an error. */
function watchErrors(page: Page) {
  const uncaught: string[] = [];
  const logged: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') logged.push(message.text());
  });
  return { uncaught, logged };
}

test('previews every exported file of a template in turn: each shows its text, the app stays', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(page.getByTestId('node-Order service')).toBeVisible();

  await page.getByTestId('export').click();
  const dialog = page.getByTestId('export-dialog');
  const files = dialog.getByRole('navigation', { name: 'Files' }).getByRole('button');
  await expect(files.first()).toBeVisible();
  const paths = await files.allTextContents();
  // Every target's files, the diagrams (Mermaid, PlantUML, Structurizr DSL) among them.
  expect(paths).toEqual(
    expect.arrayContaining([
      'docker-compose.yml',
      'diagrams/context-map.mmd',
      'diagrams/architecture.puml',
      'diagrams/workspace.dsl',
      'README.md',
      'lint/findings.sarif',
    ]),
  );
  const preview = dialog.getByTestId('export-preview');
  for (const path of paths) {
    await dialog.getByRole('button', { name: path, exact: true }).click();
    await expect(dialog.locator('figcaption')).toHaveText(path);
    await expect(preview, path).toHaveText(/\S/);
    await expect(dialog.getByTestId('failed-preview'), path).toHaveCount(0);
    // The editor behind the dialog is still mounted.
    await expect(page.getByTestId('canvas')).toBeAttached();
  }

  await dialog.getByRole('button', { name: 'diagrams/context-map.mmd', exact: true }).click();
  await expect(preview).toContainText('flowchart');
  await expect(preview).toContainText('Order service');
  await page.screenshot({ path: 'e2e/artifacts/export-mermaid.png' });
  expect(errors.uncaught).toEqual([]);
  expect(errors.logged).toEqual([]);
});

test('a panel that throws says so in place, the editor keeps working, and Try again brings it back', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(page.getByTestId('node-Order service')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });

  // A server answering in a shape this editor does not know (no `reviews` on a revision): the
  // History panel cannot render it.
  const revisions = '**/api/v1/models/*/revisions';
  await page.route(revisions, (route) =>
    route.fulfill({
      json: {
        revisions: [
          { number: 1, author: 'Ada', role: 'owner', createdAt: new Date().toISOString(), summary: '' },
        ],
      },
    }),
  );
  await page.getByTestId('tab-history').click();
  const failed = page.getByTestId('failed-history');
  await expect(failed).toContainText(
    "This panel failed: Cannot read properties of undefined (reading 'map')",
  );
  await expect(failed.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/panel-failed.png' });
  // Logged for whoever looks, and caught: nothing reached the page uncaught.
  expect(errors.logged.some((text) => text.startsWith('The history panel failed:'))).toBe(true);
  expect(errors.uncaught).toEqual([]);

  // The rest of the editor works: the toolbar, the palette, the canvas, saving.
  await expect(page.getByTestId('tab-design')).toBeVisible();
  const nodes = page.getByTestId('canvas').locator('.react-flow__node');
  const before = await nodes.count();
  await page.getByTestId('palette-service').click();
  await expect(nodes).toHaveCount(before + 1);
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  await page.getByTestId('undo').click();
  await expect(nodes).toHaveCount(before);

  // The server answers properly again: Try again fetches afresh and the panel is back.
  await page.unroute(revisions);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('history')).toBeVisible();
  await expect(page.getByTestId('revision').first()).toBeVisible();
  await expect(failed).toHaveCount(0);
});

test('a canvas that throws says so where the canvas was, and the side panels keep working', async ({
  page,
}) => {
  const errors = watchErrors(page);
  // A comment thread without its comments: the canvas cannot draw its pin.
  const comments = '**/api/v1/models/*/comments';
  await page.route(comments, (route) =>
    route.request().method() === 'GET'
      ? route.fulfill({
          json: {
            threads: [
              {
                id: 't1',
                anchor: { point: { x: 0, y: 0 } },
                resolved: false,
                createdAt: new Date().toISOString(),
                createdBy: 'Ada',
                createdByRole: 'owner',
                byOwner: true,
                mine: true,
                resolvedBy: null,
              },
            ],
          },
        })
      : route.fallback(),
  );
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  const failed = page.getByTestId('failed-canvas');
  await expect(failed).toContainText('This panel failed: Cannot read properties of undefined');
  await page.screenshot({ path: 'e2e/artifacts/canvas-failed.png' });
  expect(errors.logged.some((text) => text.startsWith('The canvas panel failed:'))).toBe(true);
  expect(errors.uncaught).toEqual([]);

  // The toolbar and the side panel work: the model can still be renamed.
  const modelName = page.getByTestId('inspector').getByLabel('Model name');
  await modelName.fill('Shop');
  await modelName.press('Enter');
  await expect(page.locator('.toolbar h1')).toHaveText('Shop');
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });

  // Comments as the server really has them: Try again draws the canvas.
  await page.unroute(comments);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('node-Order service')).toBeVisible();
  await expect(failed).toHaveCount(0);
});
