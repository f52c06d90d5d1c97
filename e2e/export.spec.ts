import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';

test('exports the e-commerce template: targets with counts, a highlighted preview, a zip with drawn diagrams', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(page.getByTestId('node-Order service')).toBeVisible();
  await page.waitForTimeout(500);
  // A name that must stay text in the preview and in the files.
  await page.getByTestId('node-Order service').click();
  await page.getByTestId('field-name').fill('Order <script>alert(1)</script> service');
  await page.getByTestId('field-name').press('Enter');

  await page.getByTestId('export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  for (const target of ['openapi', 'asyncapi', 'kubernetes', 'istio', 'compose', 'diagrams', 'docs', 'lint'])
    await expect(dialog.getByTestId(`export-count-${target}`)).toHaveText(/^[1-9]\d* files?$/);
  await expect(dialog.getByTestId('export-count-compose')).toHaveText('1 file');

  await dialog.getByRole('button', { name: 'docker-compose.yml' }).click();
  const preview = dialog.getByTestId('export-preview');
  await expect(preview).toContainText('services:');
  await expect(preview.locator('.hljs-attr').first()).toBeVisible();
  // The hostile name: shown as the file holds it, never run.
  await dialog.getByRole('button', { name: 'openapi/order-script-alert-1-script-service.yaml' }).click();
  await expect(preview).toContainText('Order <script>alert(1)</script> service');
  await expect(preview.locator('script')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/export-dialog.png' });
  // A diagram previews as the picture it is.
  await dialog.getByRole('button', { name: 'diagrams/architecture.svg' }).click();
  const picture = dialog.getByTestId('export-picture');
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 500)).toBe(
    true,
  );
  await page.screenshot({ path: 'e2e/artifacts/export-dialog-diagram.png' });

  await dialog.getByTestId('export-target-istio').uncheck();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByTestId('export-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe('e-commerce-platform.zip');
  const path = await download.path();
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  const names = Object.keys(entries);
  expect(names).toContain('docker-compose.yml');
  expect(names).toContain('k8s/kustomization.yaml');
  expect(names.some((n) => n.startsWith('openapi/'))).toBe(true);
  expect(names.some((n) => n.startsWith('istio/'))).toBe(false);
  // The diagrams, drawn by the exporters from the model (not a screenshot), as SVG and PNG.
  expect(names.some((n) => n.startsWith('canvas/'))).toBe(false);
  const png = entries['diagrams/architecture.png'];
  expect(png?.slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  expect(png?.length ?? 0).toBeGreaterThan(10_000);
  if (png) writeFileSync('e2e/artifacts/diagram-export.png', png);
  const svg = new TextDecoder().decode(entries['diagrams/architecture.svg']);
  expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg/);
  expect(svg).toContain('Payment service');
  // The renamed node as the editor had it, its name as text.
  expect(svg).toContain('Order &lt;script&gt;alert(1)&lt;/script&gt; service');
  expect(svg).not.toContain('<script');
  for (const name of names.filter((n) => n.startsWith('diagrams/views/') && n.endsWith('.svg')))
    expect(names).toContain(name.replace(/\.svg$/, '.png'));
  await expect(dialog.getByTestId('export-status')).toContainText('Downloaded');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
});

test('says why a model cannot be exported: two nodes with one DNS name', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-blank').click();
  await expect(page.getByText('No problems found.')).toBeVisible();
  await page.getByTestId('palette-service').click();
  await page.getByTestId('field-name').fill('Order Service');
  await page.getByTestId('field-name').press('Enter');
  await page.getByTestId('palette-service').click();
  await page.getByTestId('field-name').fill('order-service');
  await page.getByTestId('field-name').press('Enter');
  await page.getByTestId('export').click();
  const error = page.getByTestId('export-error');
  await expect(error).toContainText('Order Service');
  await expect(error).toContainText('order-service');
  await expect(page.getByTestId('export-download')).toBeDisabled();
});
