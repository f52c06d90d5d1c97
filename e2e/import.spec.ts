import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const compose = `services:
  gateway:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [orders]
  orders:
    build: ./orders
    environment:
      DATABASE_URL: postgres://orders-db:5432/orders
      PAYMENTS_URL: http://payments:8080/v1
  payments:
    image: example/payments:1.2
  orders-db:
    image: postgres:16
`;

test('imports a compose file picked on the home page: laid out, saved, with its report', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-files').setInputFiles({
    name: 'docker-compose.yml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(compose),
  });
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(report).toContainText('docker-compose.yml:');
  await expect(report).toContainText('postgres');
  // The report ends with what the import does not know (issue 15).
  const coverage = page.getByTestId('import-coverage');
  await expect(coverage).toContainText('Coverage: 2 services.');
  await expect(coverage).toContainText('3 edges: 3 read from the files, 0 guessed.');
  await expect(coverage).toContainText('traces:');
  await expect(page.getByTestId('node-orders')).toBeVisible();
  await expect(page.getByTestId('node-orders-db')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  // Laid out automatically: no two nodes on top of each other.
  await expect
    .poll(async () => {
      const boxes = await page
        .locator('.react-flow__node')
        .evaluateAll((nodes) =>
          nodes.map((n) => n.getBoundingClientRect()).map((r) => `${Math.round(r.x)},${Math.round(r.y)}`),
        );
      return new Set(boxes).size;
    })
    .toBe(4);
  await page.screenshot({ path: 'e2e/artifacts/import-report.png' });
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(report).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });

  await page.reload();
  await expect(page.getByTestId('node-payments')).toBeVisible();
  await expect(page.getByTestId('import-report')).toHaveCount(0);
});

test('imports files dropped on the home page, and says why when it cannot', async ({ page }) => {
  await page.goto('/');
  const drop = async (name: string, text: string) => {
    const transfer = await page.evaluateHandle(
      ([fileName, content]) => {
        const data = new DataTransfer();
        data.items.add(new File([content as string], fileName as string, { type: 'application/yaml' }));
        return data;
      },
      [name, text],
    );
    await page.locator('main.home').dispatchEvent('dragover', { dataTransfer: transfer });
    await page.locator('main.home').dispatchEvent('drop', { dataTransfer: transfer });
  };
  await drop('broken.yml', 'services:\n  orders: [unclosed\n');
  await expect(page.getByRole('alert')).toContainText('Could not import: broken.yml:');
  await drop('docker-compose.yml', compose);
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expect(page.getByTestId('node-gateway')).toBeVisible();
});

const boutique = fileURLToPath(
  new URL('../../shared/fixtures/online-boutique/kubernetes-manifests', import.meta.url),
);
test('imports a folder of Kubernetes manifests (Online Boutique, from ../shared/fixtures)', async ({
  page,
}) => {
  test.skip(!existsSync(boutique), `../shared/fixtures not found at ${boutique}`);
  await page.goto('/');
  await page.getByTestId('import-folder').setInputFiles(boutique);
  await expect(page.getByTestId('import-report')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('node-checkoutservice')).toBeVisible();
  await expect(page.getByTestId('node-redis-cart')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
});

test('reads a trace export picked on the home page in a worker, larger than documents may be', async ({
  page,
}) => {
  // 6 MB of OTLP, one document per line: more than the server takes as documents (5 MB).
  const line = (i: number) => {
    const span = (service: string, spanId: string, parentSpanId: string | undefined, ms: number) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: i.toString(16).padStart(32, '0'),
              spanId,
              ...(parentSpanId === undefined ? {} : { parentSpanId }),
              name: 'GET /stock',
              kind: 2,
              startTimeUnixNano: '1760000000000000000',
              endTimeUnixNano: String(1760000000000000000n + BigInt(ms) * 1000000n),
              attributes: [{ key: 'http.route', value: { stringValue: '/stock' } }],
            },
          ],
        },
      ],
    });
    return JSON.stringify({
      resourceSpans: [span('shop', 'a1', undefined, 9), span('stock', 'b2', 'a1', 3)],
    });
  };
  const text = Array.from({ length: 16_000 }, (_, i) => line(i)).join('\n');
  expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
  await page.goto('/');
  await page.getByTestId('import-files').setInputFiles({
    name: 'traces.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('node-shop')).toBeVisible();
  await expect(page.getByTestId('node-stock')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
});
