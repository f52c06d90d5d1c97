import { expect, type Page, test } from '@playwright/test';
import { node, ownerToken, saved } from './people.js';

// Issue 14: a layout that survives change. Nodes added without positions (here through the API)
// are placed when the model opens again, and nothing that had a place moves.

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Every node's and context's box on the canvas, in the canvas's own coordinates (the viewport's
 * pan and zoom taken out), measured in the DOM: the view may be fitted differently after a reopen.
 */
function measure(page: Page): Promise<{ nodes: Record<string, Box>; contexts: Record<string, Box> }> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const matrix = new DOMMatrix(getComputedStyle(viewport).transform);
    const origin = (viewport.parentElement as HTMLElement).getBoundingClientRect();
    const boxOf = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return {
        x: (rect.x - origin.x - matrix.e) / matrix.a,
        y: (rect.y - origin.y - matrix.f) / matrix.d,
        width: rect.width / matrix.a,
        height: rect.height / matrix.d,
      };
    };
    const read = (prefix: string) =>
      Object.fromEntries(
        [...document.querySelectorAll(`[data-testid^="${prefix}"]`)].map((element) => [
          (element.getAttribute('data-testid') as string).slice(prefix.length),
          boxOf(element),
        ]),
      );
    return { nodes: read('node-'), contexts: read('context-') };
  });
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

test('three nodes added through the API are placed on reopening, moving no placed node and overlapping nothing', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('template-ecommerce').click();
  await expect(node(page, 'Order service')).toBeVisible();
  await saved(page);
  const id = /#\/m\/([A-Za-z0-9_-]+)/.exec(page.url())?.[1] as string;
  const token = await ownerToken(page, id);
  const before = await measure(page);
  expect(Object.keys(before.nodes).length).toBeGreaterThan(20);

  // The model as stored, with three new nodes and no positions for them: one in the orders
  // context calling the order service, one store it writes, one loose partner system it calls.
  const headers = { authorization: `Bearer ${token}` };
  const stored = (await (await page.request.get(`/api/v1/models/${id}`, { headers })).json()) as {
    nodes: { id: string; name: string; context?: string; position?: unknown }[];
    edges: Record<string, unknown>[];
    contexts?: { id: string; name: string }[];
  };
  const orderService = stored.nodes.find((n) => n.name === 'Order service');
  expect(orderService?.position).toBeDefined();
  stored.nodes.push(
    {
      id: 'order-reports',
      kind: 'service',
      name: 'Order reports',
      ...(orderService?.context ? { context: orderService.context } : {}),
    } as never,
    {
      id: 'reports-db',
      kind: 'datastore',
      name: 'Reports store',
      engine: 'postgres',
      ...(orderService?.context ? { context: orderService.context } : {}),
    } as never,
    { id: 'partner', kind: 'external', name: 'Partner portal' } as never,
  );
  stored.edges.push(
    { id: 'reports-call', kind: 'sync', from: 'order-reports', to: orderService?.id, protocol: 'rest' },
    { id: 'reports-write', kind: 'data', from: 'order-reports', to: 'reports-db', access: 'readwrite' },
    { id: 'partner-call', kind: 'sync', from: 'order-reports', to: 'partner', protocol: 'rest' },
  );
  const put = await page.request.put(`/api/v1/models/${id}`, {
    headers: { ...headers, 'if-match': '*', 'content-type': 'application/json' },
    data: stored,
  });
  expect(put.status(), await put.text()).toBe(200);

  // Reopen: the new nodes appear, placed.
  await page.reload();
  for (const name of ['Order reports', 'Reports store', 'Partner portal'])
    await expect(node(page, name)).toBeVisible();
  await saved(page);
  // Measured once the canvas stops changing.
  await expect
    .poll(async () => JSON.stringify(await measure(page)), { intervals: [300, 300, 300] })
    .toBe(JSON.stringify(await measure(page)));
  const after = await measure(page);
  await page.screenshot({ path: '/tmp/shots-layout/e2e-reopened.png' });

  // No placed node moved (to a pixel: the canvas rounds nothing here).
  const moved = Object.entries(before.nodes).filter(([name, box]) => {
    const now = after.nodes[name];
    return now === undefined || Math.abs(now.x - box.x) > 1 || Math.abs(now.y - box.y) > 1;
  });
  expect(moved.map(([name]) => name)).toEqual([]);

  // The new ones overlap nothing: no node, and no context but their own.
  const added = ['Order reports', 'Reports store', 'Partner portal'];
  for (const name of added) {
    const box = after.nodes[name] as Box;
    expect(box, name).toBeDefined();
    for (const [other, otherBox] of Object.entries(after.nodes))
      if (other !== name) expect(overlap(box, otherBox), `${name} overlaps ${other}`).toBe(false);
  }
  const own = stored.contexts?.find((c) => c.id === orderService?.context)?.name;
  for (const [contextName, frame] of Object.entries(after.contexts)) {
    if (contextName !== own) {
      for (const name of added)
        expect(overlap(after.nodes[name] as Box, frame), `${name} in ${contextName}`).toBe(false);
      continue;
    }
    // Their context holds them.
    for (const name of added.slice(0, 2)) {
      const box = after.nodes[name] as Box;
      expect(box.x >= frame.x - 1 && box.y >= frame.y - 1, `${name} inside ${contextName}`).toBe(true);
      expect(box.x + box.width <= frame.x + frame.width + 1, `${name} inside ${contextName}`).toBe(true);
      expect(box.y + box.height <= frame.y + frame.height + 1, `${name} inside ${contextName}`).toBe(true);
    }
  }
});
