import { expect, type Page, test } from '@playwright/test';
import { liveSwitch } from './live-switch.js';

// The things around the canvas, measured in the DOM: page height, toolbar stability, dialogs,
// keyboard ways past and into the canvas, the Problems region, renaming a context, Find, home rows.

const SHOTS = '/tmp/shots-canvas';
const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
const saved = (page: Page) =>
  expect(page.getByTestId('save-status')).toHaveText(/^Saved/, { timeout: 10_000 });

async function newModel(page: Page, template: 'blank' | 'ecommerce') {
  await page.goto('/');
  await page.getByTestId(`template-${template}`).click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await expect(page.getByTestId('problems')).toBeVisible();
  // Let the opening fit-to-view finish, so that the viewport stays put while the test measures.
  await page.waitForTimeout(600);
}

/** The zoom of the canvas, from the transform React Flow puts on its viewport. */
async function zoomOf(page: Page): Promise<number> {
  const transform = await page
    .locator('.react-flow__viewport')
    .evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
}

test('the editor is exactly as tall as the window: zoom controls and minimap in view', async ({ page }) => {
  await newModel(page, 'ecommerce');
  const { scrollHeight, innerHeight } = await page.evaluate(() => ({
    scrollHeight: document.scrollingElement?.scrollHeight,
    innerHeight: window.innerHeight,
  }));
  expect(scrollHeight).toBe(innerHeight);
  for (const part of [page.locator('.react-flow__controls'), page.locator('.overview-map')]) {
    const box = await part.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(innerHeight);
  }
  // A smaller window too: the palette scrolls rather than stretching the page.
  await page.setViewportSize({ width: 1280, height: 560 });
  await expect
    .poll(() => page.evaluate(() => document.scrollingElement?.scrollHeight === window.innerHeight))
    .toBe(true);
  await page.screenshot({ path: `${SHOTS}/editor-small-window.png` });
});

test('the minimap shows the model while the view pans past it, without drawing its boxes again', async ({
  page,
}) => {
  await newModel(page, 'ecommerce');
  const map = page.locator('.overview-map canvas');
  /** Pixels of the map's boxes (the theme's muted colour, dimmed or not, opaque). */
  const boxPixels = () =>
    map.evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? {
        data: [],
      };
      const near = (i: number, [r, g, b]: number[]) =>
        Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 24;
      let count = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 250 && (near(i, [93, 100, 114]) || near(i, [102, 107, 118]))) count++;
      return count;
    });
  const fitted = await boxPixels();
  expect(fitted).toBeGreaterThan(50);
  // Every layer of boxes is a canvas of its own: count those made while the view pans.
  await page.evaluate(() => {
    const create = document.createElement.bind(document);
    const counter = window as unknown as { canvases: number };
    counter.canvases = 0;
    document.createElement = ((tag: string, options?: ElementCreationOptions) => {
      if (tag.toLowerCase() === 'canvas') counter.canvases++;
      return create(tag, options);
    }) as typeof document.createElement;
  });
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (pane === null) throw new Error('no pane');
  // Three sweeps to the left over the pane: the view ends far to the right of the model.
  for (let i = 0; i < 3; i++) {
    const empty = await page.evaluate(({ x, y, width, height }) => {
      for (let k = 0; k < 400; k++) {
        const px = x + width - 40 - ((k * 37) % 200);
        const py = y + 40 + ((k * 53) % (height - 80));
        if (document.elementFromPoint(px, py)?.classList.contains('react-flow__pane'))
          return { x: px, y: py };
      }
      throw new Error('no empty point on the pane');
    }, pane);
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(empty.x - 700, empty.y, { steps: 10 });
    await page.mouse.up();
  }
  await expect(page.locator('.react-flow__node-service')).toHaveCount(0);
  await page.waitForTimeout(300);
  const panned = await boxPixels();
  // Still there, smaller: the frame now holds the view beside the model.
  expect(panned).toBeGreaterThan(0);
  expect(panned).toBeLessThan(fitted);
  expect(await page.evaluate(() => (window as unknown as { canvases: number }).canvases)).toBe(0);
  await map.screenshot({ path: `${SHOTS}/minimap-panned-past.png` });
});

test('toolbar buttons stay where they are when the status text changes', async ({ page, context }) => {
  const server = await liveSwitch(context);
  await newModel(page, 'blank');
  await saved(page);
  const boxes = () =>
    page.locator('.toolbar button, .toolbar input, .toolbar a').evaluateAll((elements) =>
      elements.map((el) => {
        const r = el.getBoundingClientRect();
        return `${el.textContent || el.getAttribute('aria-label')}@${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)}`;
      }),
    );
  const status = page.getByTestId('save-status');
  await expect(status).toHaveText('Saved');
  // Undo becomes enabled with the edit below, which moves nothing: measure with it enabled.
  await page.getByTestId('palette-service').click();
  await saved(page);
  const before = await boxes();

  // Offline: the longest status there is ("Offline: changes kept here").
  await server.off();
  await page.getByTestId('field-name').fill('Orders');
  await page.getByTestId('field-name').press('Enter');
  await expect(status).toHaveText('Offline: changes kept here', { timeout: 10_000 });
  expect(await boxes()).toEqual(before);
  await page.screenshot({
    path: `${SHOTS}/toolbar-offline.png`,
    clip: { x: 0, y: 0, width: 1440, height: 60 },
  });
  server.on();
  await page.getByTestId('field-name').fill('Orders service');
  await page.getByTestId('field-name').press('Enter');
  await saved(page);
  expect(await boxes()).toEqual(before);
});

test('dialogs keep the focus inside, close on Escape, and give the focus back', async ({ page }) => {
  await newModel(page, 'ecommerce');
  for (const [opener, dialogId] of [
    ['export', 'export-dialog'],
    ['share', 'share-dialog'],
  ] as const) {
    const button = page.getByTestId(opener);
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId(dialogId);
    await expect(dialog).toBeVisible();
    await expect
      .poll(() => dialog.evaluate((el) => el.contains(document.activeElement)), { timeout: 5000 })
      .toBe(true);
    // Forwards and backwards, past both ends: the focus never leaves the dialog.
    const stops = new Set<string>();
    for (const key of [...Array(30).fill('Tab'), ...Array(30).fill('Shift+Tab')] as string[]) {
      await page.keyboard.press(key);
      const where = await dialog.evaluate((el) => ({
        inside: el.contains(document.activeElement),
        name: `${document.activeElement?.tagName}:${document.activeElement?.textContent?.slice(0, 20)}`,
      }));
      expect(where.inside, `${key} left the ${dialogId} for ${where.name}`).toBe(true);
      stops.add(where.name);
    }
    expect(stops.size).toBeGreaterThan(1);
    if (dialogId === 'export-dialog') await page.screenshot({ path: `${SHOTS}/export-dialog-focus.png` });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(button).toBeFocused();
  }
});

test('the menu of edge kinds takes the focus and closes on Escape', async ({ page }) => {
  await newModel(page, 'blank');
  await page.getByTestId('palette-gateway').click();
  await page.getByTestId('palette-service').click();
  // A gateway to a service: a route or a sync call, so the editor asks which.
  const source = node(page, 'API gateway').locator('.react-flow__handle-right');
  const target = node(page, 'New service').locator('.react-flow__handle-left');
  await source.hover();
  await page.mouse.down();
  const box = await target.boundingBox();
  if (box === null) throw new Error('target handle not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const menu = page.getByRole('dialog', { name: 'Choose the kind of edge' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('button').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
});

test('a skip link leads past the canvas; a focused node and edge are seen', async ({ page }) => {
  await newModel(page, 'ecommerce');
  // From the last palette button, Tab reaches the skip link before any element of the canvas.
  await page.getByTestId('palette-external').focus();
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-canvas');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await expect(skip).toHaveText(/Skip past the canvas/);
  await page.screenshot({ path: `${SHOTS}/skip-link.png` });
  await page.keyboard.press('Enter');
  await expect(page.locator('#side-panel')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('tab-design')).toBeFocused();

  // Without the skip link, Tab goes into the canvas: edges first, then nodes, each seen focused.
  await skip.focus();
  await page.keyboard.press('Tab');
  const edgePath = page.locator('.react-flow__edge:focus .react-flow__edge-path');
  await expect(edgePath).toHaveCount(1);
  expect(await edgePath.evaluate((el) => getComputedStyle(el).filter)).toContain('drop-shadow');
  await page.screenshot({ path: `${SHOTS}/focus-edge.png` });
  const unfocused = await page
    .locator('.react-flow__edge:not(:focus) .react-flow__edge-path')
    .first()
    .evaluate((el) => getComputedStyle(el).filter);
  expect(unfocused).toBe('none');

  const focusedNode = page.locator('.react-flow__node:focus');
  for (let i = 0; i < 80 && (await focusedNode.count()) === 0; i++) await page.keyboard.press('Tab');
  await expect(focusedNode).toHaveCount(1);
  const outline = await focusedNode.evaluate((el) => {
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: `${SHOTS}/focus-node.png` });
});

test('the Problems stay in view with their counts, whatever tab is open; a new selection shows its top', async ({
  page,
}) => {
  await newModel(page, 'blank');
  await page.getByTestId('palette-service').click();
  await page.getByTestId('palette-service').click();
  await page.getByTestId('palette-topic').click();
  const count = page.getByTestId('problems-count');
  const findings = page.locator('[data-testid="problems"] li[data-testid^="finding-"]');
  await expect(findings.first()).toBeVisible();
  await expect(count).toHaveText(String(await findings.count()));
  // The groups and the header say their counts in words: never "1 warnings".
  await expect(page.getByTestId('problems')).not.toContainText(/\b1 (errors|warnings|infos)\b/);
  await page.screenshot({ path: `${SHOTS}/problems-region.png` });

  for (const tab of ['comments', 'history', 'design'] as const) {
    await page.getByTestId(`tab-${tab}`).click();
    await expect(count).toBeInViewport();
    await expect(findings.first()).toBeInViewport();
  }
  // Folded, the header and its count stay.
  await page.getByTestId('problems-toggle').click();
  await expect(findings).toHaveCount(0);
  await expect(count).toBeInViewport();
  await page.getByTestId('problems-toggle').click();

  // Scrolled down the inspector of one element, the next one shows from its top.
  await node(page, 'New service').click();
  const body = page.getByTestId('side-body');
  await body.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  expect(await body.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await node(page, 'New service 2').click();
  await expect(page.getByTestId('field-name')).toHaveValue('New service 2');
  await expect.poll(() => body.evaluate((el) => el.scrollTop)).toBe(0);

  // A finding's count follows the model: one more element, its findings counted.
  const before = Number(await count.textContent());
  await page.getByTestId('palette-datastore').click();
  await expect.poll(async () => Number(await count.textContent())).toBeGreaterThan(before);
  await expect(count).toHaveText(String(await findings.count()));
});

test('a dropped context is selected and renamed in place, like a service', async ({ page }) => {
  await newModel(page, 'blank');
  await page.getByTestId('palette-context').dragTo(page.getByTestId('canvas'), {
    targetPosition: { x: 200, y: 150 },
  });
  await expect(page.getByTestId('context-Context 1')).toBeVisible();
  // Selected: the inspector shows it, its name ready to change.
  await expect(page.getByTestId('element-heading')).toHaveText('Bounded context');
  await expect(page.getByTestId('field-name')).toHaveValue('Context 1');
  await page.getByTestId('field-name').fill('Ordering');
  await page.getByTestId('field-name').press('Enter');
  await expect(page.getByTestId('context-Ordering')).toBeVisible();
  await expect(page.getByTestId('finding-empty-context')).toContainText('"Ordering"');

  // On the canvas itself: a double-click on its title opens it for typing.
  await page.getByTestId('context-Ordering').getByTestId('canvas-name').dblclick();
  const input = page.getByTestId('canvas-rename');
  await expect(input).toBeFocused();
  await input.fill('Billing');
  await page.screenshot({ path: `${SHOTS}/context-rename.png` });
  await input.press('Enter');
  await expect(page.getByTestId('context-Billing')).toBeVisible();
  await expect(page.getByTestId('field-name')).toHaveValue('Billing');
  // Escape keeps the old name.
  await page.getByTestId('context-Billing').getByTestId('canvas-name').dblclick();
  await page.getByTestId('canvas-rename').fill('Nope');
  await page.getByTestId('canvas-rename').press('Escape');
  await expect(page.getByTestId('context-Billing')).toBeVisible();
  // One undo step per rename.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('context-Ordering')).toBeVisible();

  // A service the same way: double-click its name on the canvas.
  await page.getByTestId('palette-service').click();
  await node(page, 'New service').getByTestId('canvas-name').dblclick();
  await page.getByTestId('canvas-rename').fill('Invoices');
  await page.getByTestId('canvas-rename').press('Enter');
  await expect(node(page, 'Invoices')).toBeVisible();
  await saved(page);
});

test('Find suggests names as one types; Enter centres the chosen one at the same zoom', async ({ page }) => {
  await newModel(page, 'ecommerce');
  // The opening fit has zoomed out to show the whole model: that zoom is the one to keep.
  await expect.poll(() => zoomOf(page)).toBeLessThan(1);
  await page.waitForTimeout(400);
  const zoom = await zoomOf(page);
  const find = page.getByTestId('find');
  await find.click();
  await find.pressSequentially('pay');
  const options = page.getByTestId('find-suggestion');
  await expect(options.first()).toBeVisible();
  const names = await options.evaluateAll((els) => els.map((el) => el.querySelector('span')?.textContent));
  expect(names).toEqual([
    'Payment events',
    'Payment provider',
    'Payment service',
    'Payments',
    'Payments database',
  ]);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(find).toHaveAttribute(
    'aria-activedescendant',
    (await options.nth(1).getAttribute('id')) ?? '',
  );
  await page.screenshot({ path: `${SHOTS}/find-suggestions.png` });
  await page.keyboard.press('Enter');
  await expect(options).toHaveCount(0);
  await expect(page.getByTestId('field-name')).toHaveValue('Payment provider');
  await page.waitForTimeout(500); // the 300 ms glide
  expect(await zoomOf(page)).toBeCloseTo(zoom, 3);
  // Centred: the element's middle is the canvas's middle.
  const canvas = await page.getByTestId('canvas').boundingBox();
  const found = await node(page, 'Payment provider').boundingBox();
  if (canvas === null || found === null) throw new Error('not on screen');
  expect(Math.abs(found.x + found.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(4);
  expect(Math.abs(found.y + found.height / 2 - (canvas.y + canvas.height / 2))).toBeLessThan(4);
  await page.screenshot({ path: `${SHOTS}/find-centred.png` });

  // Nothing matches: no list, and Enter says so.
  await find.fill('zzz');
  await expect(options).toHaveCount(0);
  await find.press('Enter');
  await expect(page.getByTestId('message')).toHaveText(/Nothing is called "zzz"/);
});

test('home rows show what live edits changed: name, counts, time', async ({ page, browser }) => {
  await newModel(page, 'blank');
  await page.getByTestId('palette-service').click();
  await saved(page);
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByTestId('share-role').selectOption('edit');
  await dialog.getByTestId('share-create').click();
  const url = await dialog.getByTestId('share-url').inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The owner goes home: the row as autosave last left it.
  await page.goto('/');
  const row = page.getByTestId('model-row').first();
  await expect(row.getByRole('link')).toHaveText('Untitled architecture');
  const countsBefore = await row.locator('.counts').textContent();
  await page.screenshot({ path: `${SHOTS}/home-before.png` });

  // Someone else renames it and adds a topic, live.
  const other = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const editor = await other.newPage();
  await editor.goto(url);
  await editor.getByTestId('display-name').fill('Edda');
  await editor.getByTestId('open-shared').click();
  await expect(node(editor, 'New service')).toBeVisible();
  await editor.getByLabel('Model name').fill('Renamed live');
  await editor.getByLabel('Model name').press('Enter');
  await editor.getByTestId('palette-topic').click();
  await expect(editor.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 10_000 });

  // Coming back to the home page (focus, visibility) reads the server, not the cache.
  await expect
    .poll(
      async () => {
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
        return row.getByRole('link').textContent();
      },
      { timeout: 15_000 },
    )
    .toBe('Renamed live');
  await expect(row.locator('.counts')).not.toHaveText(countsBefore ?? '');
  await expect(row.locator('.counts')).not.toContainText(/\b1 (errors|warnings|infos)\b/);
  await page.screenshot({ path: `${SHOTS}/home-after.png` });
  await other.close();
});
