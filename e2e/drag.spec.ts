import { expect, type Page, test } from '@playwright/test';

// A drag's moves reach the canvas once a frame (canvas/drag-moves.ts): a pointer's move waits for
// the frame, where React Flow's auto-pan may move the node again. Whatever the batching, the node
// must stay under the pointer while the canvas pans beneath it, and land where it was let go.

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);

/** The centre of `name`'s box on screen. */
async function centre(page: Page, name: string) {
  const box = await node(page, name).boundingBox();
  if (box === null) throw new Error(`${name} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const viewport = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

test('a dragged node stays under the pointer while the canvas auto-pans, and lands where it is let go', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('template-blank').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('palette-service').click();
  await expect(node(page, 'New service')).toBeVisible();
  await page.waitForTimeout(500);
  const pane = await page.locator('.react-flow').boundingBox();
  if (pane === null) throw new Error('no canvas');

  const start = await centre(page, 'New service');
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  // A plain drag first: React Flow keeps the node where the pointer was when the drag began (past
  // its threshold), so the node's offset from the pointer is what the drag has to keep.
  const plain = { x: start.x - 40, y: start.y };
  await page.mouse.move(plain.x, plain.y, { steps: 4 });
  const grabbed = await centre(page, 'New service');
  const offset = { x: grabbed.x - plain.x, y: grabbed.y - plain.y };
  const off = (now: { x: number; y: number }, at: { x: number; y: number }) =>
    Math.hypot(now.x - at.x - offset.x, now.y - at.y - offset.y);
  // Into the band along the canvas's left edge where React Flow pans while a node is dragged.
  const edge = { x: pane.x + 12, y: start.y };
  await page.mouse.move(edge.x, edge.y, { steps: 12 });
  const before = await viewport(page);
  let farthest = 0;
  for (let i = 0; i < 8; i++) {
    // The pointer wobbles by a pixel: moves from the pointer and from the auto-pan alike.
    const at = { x: edge.x + (i % 2), y: edge.y };
    await page.mouse.move(at.x, at.y);
    await page.waitForTimeout(60);
    farthest = Math.max(farthest, off(await centre(page, 'New service'), at));
  }
  // The canvas did pan under the node, or this test would measure a plain drag.
  expect(await viewport(page)).not.toBe(before);
  expect(farthest).toBeLessThanOrEqual(3);
  await page.mouse.up();

  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  const landed = await centre(page, 'New service');
  expect(off(landed, { x: edge.x + 1, y: edge.y })).toBeLessThanOrEqual(3);
});
