import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { type DiagramModel, measureDiagram } from './diagram.js';
import { ownerToken, saved } from './people.js';

// Issue 14: the diagram as a reader sees it, measured in the DOM on the e-commerce template and on
// two real systems imported from ../shared/fixtures (Online Boutique, Train-Ticket).

const SHOTS = 'e2e/artifacts';
mkdirSync(SHOTS, { recursive: true });
const fixture = (path: string) => fileURLToPath(new URL(`../../shared/fixtures/${path}`, import.meta.url));
const boutique = fixture('online-boutique/kubernetes-manifests');
const trainTicket = fixture('train-ticket/docker-compose.yml');

/** The model open in the editor, as the server has it. */
async function modelOf(page: Page): Promise<DiagramModel> {
  const id = /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;
  const token = await ownerToken(page, id);
  const response = await page.request.get(`/api/v1/models/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as DiagramModel;
}

/** Opens what `open` makes, checks it as opened, lays it out and checks it again. */
async function checkDiagram(page: Page, name: string, open: () => Promise<void>) {
  await open();
  await saved(page);
  await page.waitForTimeout(800); // the opening fit
  const model = await modelOf(page);
  const opened = await measureDiagram(page, model);
  await page.screenshot({ path: `${SHOTS}/diagram-${name}-opened.png` });
  expect(opened.nodes).toBe(model.nodes.length);
  expect(opened.cut).toEqual([]);
  // Names are readable on open wherever the whole model can be shown so; else the canvas says so.
  if ((await page.getByTestId('zoom-hint').count()) === 0) expect(opened.small).toEqual([]);
  else expect(opened.small.length).toBeGreaterThan(0);

  await page.getByTestId('auto-layout').click();
  await expect(page.getByTestId('auto-layout')).toHaveText('Auto-layout');
  await saved(page);
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  // Edges are routed in a worker after each change: wait until the routes are drawn.
  const arranged = await modelOf(page);
  await expect
    .poll(async () => (await measureDiagram(page, arranged)).crossings, { timeout: 15_000 })
    .toEqual([]);
  const laidOut = await measureDiagram(page, arranged);
  await page.screenshot({ path: `${SHOTS}/diagram-${name}-laid-out.png` });
  expect(laidOut.nodes).toBe(model.nodes.length);
  expect(laidOut.cut).toEqual([]);
  expect(laidOut.overlaps).toEqual([]);
  expect(laidOut.outside).toEqual([]);
  expect(laidOut.crossings).toEqual([]);
}

test('the e-commerce template: names whole and readable on open; after Auto-layout no overlap, nothing outside its context, no edge through a node', async ({
  page,
}) => {
  await checkDiagram(page, 'ecommerce', async () => {
    await page.goto('/');
    await page.getByTestId('template-ecommerce').click();
    await expect(page.getByTestId('canvas')).toBeVisible();
  });
});

test('Online Boutique, imported from its Kubernetes manifests, reads the same way', async ({ page }) => {
  test.skip(!existsSync(boutique), `../shared/fixtures is not there: ${boutique} not found`);
  await checkDiagram(page, 'online-boutique', async () => {
    await page.goto('/');
    await page.getByTestId('import-folder').setInputFiles(boutique);
    await expect(page.getByTestId('import-report')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
  });
});

test('Train-Ticket, imported from its compose file (about 70 services), reads the same way', async ({
  page,
}) => {
  test.skip(!existsSync(trainTicket), `../shared/fixtures is not there: ${trainTicket} not found`);
  await checkDiagram(page, 'train-ticket', async () => {
    await page.goto('/');
    await page.getByTestId('import-files').setInputFiles(trainTicket);
    await expect(page.getByTestId('import-report')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
  });
});
