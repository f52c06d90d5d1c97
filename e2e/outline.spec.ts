import { expect, type Page, test } from '@playwright/test';
import { openAsOwner, zoomInOn } from './people.js';

// From far out the canvas draws boxes only (the outline level of detail). Handles, under a pixel
// there, are hidden but kept in the page: React Flow measures them as each node mounts, and the
// edges must still meet the boxes where the handles are. Measured in the DOM.

async function openTwoFarApart(page: Page) {
  const model = {
    format: 'meshplan/v1',
    name: 'Far apart',
    nodes: [
      { id: 'near', kind: 'service', name: 'Near', position: { x: 0, y: 0 } },
      { id: 'far', kind: 'service', name: 'Far', position: { x: 9000, y: 0 } },
    ],
    edges: [{ id: 'call', kind: 'sync', from: 'near', to: 'far', protocol: 'rest' }],
  };
  await openAsOwner(page, model);
  await expect(page.getByTestId('node-Far')).toBeVisible();
  await page.waitForTimeout(600); // the opening fit
}

const handleVisibility = (page: Page, name: string) =>
  page
    .getByTestId(`node-${name}`)
    .locator('.react-flow__handle')
    .evaluateAll((handles) => handles.map((h) => getComputedStyle(h).visibility));

test('from far out, handles are hidden and edges still meet the boxes; zoomed in, the handles are back', async ({
  page,
}) => {
  await openTwoFarApart(page);
  const near = page.getByTestId('node-Near');
  const far = page.getByTestId('node-Far');
  await expect(near).toHaveClass(/\boutline\b/);
  expect(await handleVisibility(page, 'Near')).toEqual(['hidden', 'hidden']);

  // The edge runs from the right side of one box to the left side of the other.
  const [from, to, path] = await Promise.all([
    near.boundingBox(),
    far.boundingBox(),
    page.locator('.react-flow__edge-path').first().boundingBox(),
  ]);
  if (from === null || to === null || path === null) throw new Error('not drawn');
  expect(Math.abs(path.x - (from.x + from.width))).toBeLessThanOrEqual(2);
  expect(Math.abs(path.x + path.width - to.x)).toBeLessThanOrEqual(2);
  await page.screenshot({ path: '/tmp/shots-canvas/outline-two-far-apart.png' });

  // Zoomed in on one of them until it is drawn at its own size: its handles can be caught again.
  await zoomInOn(page, near);
  await expect(near).not.toHaveClass(/\boutline\b/);
  expect(await handleVisibility(page, 'Near')).toEqual(['visible', 'visible']);
});
