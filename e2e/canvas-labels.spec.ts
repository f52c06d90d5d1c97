import { expect, type Page, test } from '@playwright/test';
import { openAsOwner, zoomInOn } from './people.js';

// Edge labels far outside the view are left out of the page (painting them cost as much as those
// in view); every label a reader could see is drawn, before and after a pan. Measured in the DOM.

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A hub at one end and a row of six services 6,000 px away, chained, each called by the hub. */
function farRow() {
  const far = Array.from({ length: 6 }, (_, i) => ({
    id: `far-${i}`,
    kind: 'service',
    name: `Far ${i}`,
    position: { x: 6000 + i * 320, y: 0 },
  }));
  return {
    format: 'meshplan/v1',
    name: 'Far labels',
    nodes: [{ id: 'hub', kind: 'service', name: 'Hub', position: { x: 0, y: 0 } }, ...far],
    edges: [
      ...far.slice(1).map((node, i) => ({
        id: `chain-${i}`,
        kind: 'sync',
        from: `far-${i}`,
        to: node.id,
        protocol: 'rest',
      })),
      ...far.map((node, i) => ({ id: `hub-${i}`, kind: 'sync', from: 'hub', to: node.id, protocol: 'grpc' })),
    ],
  };
}

/** What the canvas draws now: the pane, each edge's box and each drawn label's box, on screen. */
function drawn(page: Page) {
  return page.evaluate(() => {
    const rect = (element: Element) => {
      const { left, top, right, bottom } = element.getBoundingClientRect();
      return { left, top, right, bottom };
    };
    const pane = rect(document.querySelector('.react-flow') as Element);
    const edges = Object.fromEntries(
      [...document.querySelectorAll('.react-flow__edge')].map((edge) => [
        edge.getAttribute('data-id') as string,
        rect(edge.querySelector('.react-flow__edge-path') as Element),
      ]),
    );
    const labels = Object.fromEntries(
      [...document.querySelectorAll('.edge-label')].map((label) => [
        label.getAttribute('data-edge') as string,
        rect(label),
      ]),
    );
    return { pane, edges, labels };
  });
}

const inside = (inner: Rect, outer: Rect) =>
  inner.left >= outer.left &&
  inner.right <= outer.right &&
  inner.top >= outer.top &&
  inner.bottom <= outer.bottom;
const meets = (a: Rect, b: Rect) =>
  a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

/** Every edge wholly in view has its label; no label is drawn far (half a view) outside it. */
async function labelsFollowTheView(page: Page) {
  const { pane, edges, labels } = await drawn(page);
  const width = pane.right - pane.left;
  const height = pane.bottom - pane.top;
  const near = {
    left: pane.left - width / 2,
    right: pane.right + width / 2,
    top: pane.top - height / 2,
    bottom: pane.bottom + height / 2,
  };
  const whollyInView = Object.keys(edges).filter((id) => inside(edges[id] as Rect, pane));
  expect(whollyInView.length).toBeGreaterThan(0);
  for (const id of whollyInView) expect(labels[id], `the label of ${id}, in view`).toBeDefined();
  for (const [id, label] of Object.entries(labels))
    expect(meets(label, near), `the label of ${id}`).toBe(true);
  return { edges: Object.keys(edges).length, labels: Object.keys(labels).length };
}

test('edge labels far outside the view are left out; every one in view is drawn, after a pan too', async ({
  page,
}) => {
  const model = farRow();
  await openAsOwner(page, model);
  const target = page.getByTestId('node-Far 2');
  await expect(target).toBeVisible();
  await page.waitForTimeout(600); // the opening fit

  // Zoomed in over the far row until a service is drawn at its own size, as one works.
  await zoomInOn(page, target);
  await page.waitForTimeout(300);
  const before = await labelsFollowTheView(page);
  // The hub's long calls cross the view; their labels, half-way along, are left out.
  expect(before.labels).toBeLessThan(before.edges);
  await page.screenshot({ path: '/tmp/shots-canvas/labels-far-row.png' });

  // Dragged across the pane by two thirds of its width: the labels follow.
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (pane === null) throw new Error('no pane');
  const y = pane.y + 60;
  await page.mouse.move(pane.x + pane.width * 0.8, y);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width * 0.13, y, { steps: 12 });
  await page.mouse.up();
  await page.waitForTimeout(300);
  const after = await labelsFollowTheView(page);
  expect(after.labels).toBeLessThan(after.edges);
  await page.screenshot({ path: '/tmp/shots-canvas/labels-far-row-panned.png' });
});
