import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { createLink, guest, node } from './people.js';

// Issue 13: every user action is a command, reachable from the palette (Ctrl+K) as from the
// keyboard and the panels; what cannot run now is listed disabled, with the reason.

const SHOTS = '/tmp/shots-palette';
mkdirSync(SHOTS, { recursive: true });

const palette = (page: Page) => page.getByTestId('command-palette');
const command = (page: Page, id: string) => palette(page).getByTestId(`command-${id}`);

/** Where React Flow places a node, in the model's coordinates (its wrapper's translate). */
function position(element: Locator): Promise<{ x: number; y: number }> {
  return element.evaluate((el) => {
    const wrapper = el.closest<HTMLElement>('.react-flow__node');
    const match = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(wrapper?.style.transform ?? '');
    return { x: Number(match?.[1]), y: Number(match?.[2]) };
  });
}

async function ecommerce(page: Page) {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('meshplan.name', 'Ada'));
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
}

/**
 * A service added in view lands in the context there, if any: taken out of it, it is in none, the
 * "ungrouped-service" finding whose fix the tests run.
 */
async function ungroup(page: Page, name: string) {
  await node(page, name).click();
  await page.getByTestId('field-context').selectOption('');
  await expect(page.getByTestId('finding-ungrouped-service')).toHaveCount(1);
}

/** Opens the palette with Ctrl+K, types `query` and presses Enter. */
async function runCommand(page: Page, query: string) {
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  await page.getByTestId('command-search').fill(query);
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
}

test('Ctrl+K finds and runs commands: add, auto-layout, undo, Find; Esc gives focus back', async ({
  page,
}) => {
  await ecommerce(page);

  // From the toolbar's button: the search field has focus; Esc closes and focus returns to the button.
  const button = page.getByTestId('commands');
  await expect(button).toHaveAttribute('title', 'Commands (Ctrl+K)');
  await button.click();
  await expect(palette(page)).toBeVisible();
  await expect(page.getByTestId('command-search')).toBeFocused();
  await expect(command(page, 'undo')).toContainText('Ctrl+Z');
  await expect(command(page, 'redo')).toContainText('Ctrl+Shift+Z');
  await expect(command(page, 'share')).toHaveAttribute('aria-disabled', 'false');
  await expect(command(page, 'undo')).toContainText('Nothing to undo.');
  await page.screenshot({ path: `${SHOTS}/palette-open.png` });
  const audit = await new AxeBuilder({ page }).include('[data-testid="command-palette"]').analyze();
  expect(
    audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(button).toBeFocused();

  // Add a service where the view is, then arrange everything: the new service moves.
  await runCommand(page, 'add service');
  await expect(node(page, 'New service')).toBeVisible();
  await ungroup(page, 'New service');
  const added = await position(node(page, 'New service'));
  const order = await position(node(page, 'Order service'));

  await page.keyboard.press('Control+k');
  await page.getByTestId('command-search').fill('auto');
  // The best match first, and chosen: Enter runs it.
  await expect(palette(page).getByRole('option').first()).toHaveText('Auto-layout');
  await expect(command(page, 'auto-layout')).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: `${SHOTS}/palette-auto.png` });
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
  await expect.poll(() => position(node(page, 'New service'))).not.toEqual(added);
  const laidOut = await position(node(page, 'New service'));

  // Undo through the palette: the layout goes, as one step.
  await runCommand(page, 'undo');
  await expect.poll(() => position(node(page, 'New service'))).toEqual(added);
  expect(await position(node(page, 'Order service'))).toEqual(order);
  // And Redo brings it back; the arrow keys choose among matches ("Redo" is below "Undo" for "do").
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-search').fill('do');
  await expect(command(page, 'undo')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(command(page, 'redo')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect.poll(() => position(node(page, 'New service'))).toEqual(laidOut);

  // A command that moves focus keeps it once the palette has closed.
  await runCommand(page, 'find');
  await expect(page.getByTestId('find')).toBeFocused();

  // A finding's fix is a command too: the new service goes into a context of its own.
  await expect(page.getByTestId('finding-ungrouped-service')).toHaveCount(1);
  await runCommand(page, 'fix: put "new service"');
  await expect(page.getByTestId('finding-ungrouped-service')).toHaveCount(0);

  // Cmd+K (macOS) opens it too; Ctrl+K again closes it.
  await page.getByTestId('tab-design').focus();
  await page.keyboard.press('Meta+k');
  await expect(palette(page)).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toHaveCount(0);
  await expect(page.getByTestId('tab-design')).toBeFocused();
});

test('a view link lists the editing commands disabled, with why, and runs none of them', async ({
  page,
  browser,
}) => {
  await ecommerce(page);
  // A service in no context: a finding with a fix, which the viewer may not apply.
  await runCommand(page, 'add service');
  await ungroup(page, 'New service');
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  const url = await createLink(page, 'view');
  const viewer = await guest(browser, url, 'Cy', 'Order service');
  const context = viewer.context();
  await expect(viewer.getByTestId('read-only')).toHaveText('View only');
  const nodes = await viewer.locator('.react-flow__node').count();

  await viewer.keyboard.press('Control+k');
  await expect(palette(viewer)).toBeVisible();
  const reason = 'This link can view the model, not change it.';
  for (const id of ['undo', 'redo', 'paste', 'auto-layout', 'add-service', 'add-context', 'add-saga']) {
    await expect(command(viewer, id)).toHaveAttribute('aria-disabled', 'true');
    await expect(command(viewer, id)).toContainText(reason);
  }
  await expect(command(viewer, 'share')).toContainText('Only the owner can share this model.');
  for (const id of ['fit-view', 'export', 'find', 'theme', 'show-history'])
    await expect(command(viewer, id)).toHaveAttribute('aria-disabled', 'false');
  // A fix is offered where the model has findings with fixes, and disabled too.
  await viewer.getByTestId('command-search').fill('fix:');
  const fixes = palette(viewer).getByRole('option');
  await expect(fixes.first()).toHaveAttribute('aria-disabled', 'true');
  await expect(fixes.first()).toContainText(reason);
  await viewer.screenshot({ path: `${SHOTS}/palette-view-link.png` });

  // Enter on a disabled command, or a click on it, runs nothing and leaves the palette open.
  await viewer.getByTestId('command-search').fill('add service');
  await viewer.keyboard.press('Enter');
  // (Playwright will not click what says it is disabled unless forced: a person can.)
  await command(viewer, 'add-service').click({ force: true });
  await expect(palette(viewer)).toBeVisible();
  await expect(viewer.locator('.react-flow__node')).toHaveCount(nodes);
  await expect(viewer.getByTestId('message')).toHaveCount(0);

  // What may run, runs: the History tab.
  await viewer.getByTestId('command-search').fill('history');
  await viewer.keyboard.press('Enter');
  await expect(palette(viewer)).toHaveCount(0);
  await expect(viewer.getByTestId('tab-history')).toHaveAttribute('aria-selected', 'true');
  await context.close();
});
