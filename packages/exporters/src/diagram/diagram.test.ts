import { NAME_FONT, NODE_CHROME, nameWidth, nodeBox, sceneModel, viewScene } from '@meshplan/layout';
import {
  contextView,
  dnsName,
  type Model,
  parseModelOrThrow,
  syntheticModel,
  type View,
} from '@meshplan/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportModel } from '../index.js';
import { pngOfSvg, pngScale, pngsWithin } from '../png.js';
import { ecommerceTemplate, hostileModel, parseXml } from '../test-support.js';
import { type Box, diagramBoxes } from './boxes.js';
import { positioned } from './positioned.js';
import { edgeRoutes } from './routes.js';
import { renderDiagram } from './svg.js';

/** Every element a diagram may hold: nothing that runs, styles or fetches. */
const DRAWING_ELEMENTS = new Set([
  'svg',
  'title',
  'defs',
  'marker',
  'symbol',
  'path',
  'rect',
  'text',
  'g',
  'use',
]);

const svgOf = async (model: Model) => renderDiagram(await positioned(model));

/** The drawn box (`rect`) of each node group, and the text lines inside it. */
function drawnNodes(document: Document): { id: string; title: string; box: Box; texts: Element[] }[] {
  return [...document.querySelectorAll('g.node')].map((group) => {
    const rect = group.querySelector('rect') as Element;
    const number = (name: string) => Number(rect.getAttribute(name));
    return {
      id: (group.getAttribute('id') ?? '').replace(/^node-/, ''),
      title: group.querySelector('title')?.textContent ?? '',
      box: { x: number('x'), y: number('y'), width: number('width'), height: number('height') },
      texts: [...group.querySelectorAll('text')],
    };
  });
}

function viewBox(document: Document): Box {
  const [x, y, width, height] = (document.documentElement.getAttribute('viewBox') ?? '')
    .split(' ')
    .map(Number);
  return { x: x ?? 0, y: y ?? 0, width: width ?? 0, height: height ?? 0 };
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('the architecture SVG of the e-commerce template', async () => {
  // The template has no positions: laid out as an export lays it out.
  const model = await positioned(ecommerceTemplate());
  const svg = renderDiagram(model);
  const document = parseXml(svg);

  it('is well-formed XML of drawing elements only', () => {
    expect(document.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
    for (const element of document.getElementsByTagName('*'))
      expect(DRAWING_ELEMENTS.has(element.localName), element.localName).toBe(true);
  });

  it('holds every node by its name, as text, in its own box', () => {
    const nodes = drawnNodes(document);
    expect(nodes.map((n) => n.id)).toEqual(model.nodes.map((n) => n.id));
    for (const node of model.nodes) {
      const drawn = nodes.find((n) => n.id === node.id);
      expect(drawn?.title).toBe(node.name);
      // The name lines as `nodeBox` broke them, then the line of detail.
      const lines = drawn?.texts.map((t) => t.textContent) ?? [];
      expect(lines.slice(0, -1)).toEqual(nodeBox(node.name).lines);
      expect(drawn?.box).toMatchObject({ ...node.position, ...pick(nodeBox(node.name)) });
    }
  });

  it('draws every name line inside its box, in the font the box was measured in', () => {
    for (const { box, texts } of drawnNodes(document)) {
      const names = texts.filter((t) => t.getAttribute('font-weight') === String(NAME_FONT.weight));
      expect(names.length).toBeGreaterThan(0);
      for (const line of names) {
        expect(line.getAttribute('font-size')).toBe(String(NAME_FONT.size));
        const x = Number(line.getAttribute('x'));
        const baseline = Number(line.getAttribute('y'));
        expect(x).toBe(box.x + NODE_CHROME.left);
        expect(x + nameWidth(line.textContent ?? '')).toBeLessThanOrEqual(
          box.x + box.width - NODE_CHROME.right,
        );
        expect(baseline - NAME_FONT.size).toBeGreaterThanOrEqual(box.y);
        expect(baseline + 4).toBeLessThanOrEqual(box.y + box.height);
      }
    }
  });

  it('draws one arrow-headed path per edge, each to a marker that exists', () => {
    const paths = [...document.querySelectorAll('path.edge')];
    expect(paths.map((p) => p.getAttribute('id'))).toEqual(model.edges.map((e) => `edge-${e.id}`));
    const markers = new Set([...document.querySelectorAll('marker')].map((m) => m.getAttribute('id')));
    for (const path of paths) {
      const marker = /^url\(#(.+)\)$/.exec(path.getAttribute('marker-end') ?? '')?.[1];
      expect(markers.has(marker ?? ''), path.getAttribute('id') ?? '').toBe(true);
    }
    expect(document.querySelectorAll('g.edge-label')).toHaveLength(model.edges.length);
  });

  it('frames every context with its name, and fits the view box around everything', () => {
    const frames = [...document.querySelectorAll('g.context')];
    expect(frames.map((f) => f.querySelector('title')?.textContent)).toEqual(
      model.contexts?.map((c) => c.name),
    );
    // Each name drawn whole, above the edges (a later layer), on a light ground.
    const names = [...document.querySelectorAll('g.context-names g.context-name')];
    expect(names.map((g) => g.querySelector('text')?.textContent)).toEqual(
      model.contexts?.map((c) => c.name),
    );
    expect(names.map((g) => g.querySelectorAll('text')[1]?.textContent)).toEqual(
      model.contexts?.map((c) => (c.team === undefined ? undefined : `· ${c.team}`)),
    );
    const view = viewBox(document);
    for (const box of diagramBoxes(model).values()) expect(inside(box, view)).toBe(true);
    // Fitted: a margin of 24 px around the content, not a page of white.
    const boxes = [...diagramBoxes(model).values()];
    expect(view.x).toBeGreaterThanOrEqual(Math.min(...boxes.map((b) => b.x)) - 24 - 1);
    expect(view.x + view.width).toBeLessThanOrEqual(Math.max(...boxes.map((b) => b.x + b.width)) + 24 + 1);
    expect(document.documentElement.getAttribute('width')).toBe(String(view.width));
  });

  it('has a legend of the kinds drawn', () => {
    const legend = document.querySelector('g.legend')?.textContent ?? '';
    for (const word of [
      'Service',
      'Datastore',
      'Topic',
      'Gateway',
      'Client',
      'Sync call',
      'Publishes',
      'Data access',
    ])
      expect(legend).toContain(word);
  });

  it('is the same bytes every time', async () => {
    expect(await svgOf(ecommerceTemplate())).toBe(svg);
  });
});

function pick({ width, height }: { width: number; height: number }) {
  return { width, height };
}

describe('hostile names in a diagram', async () => {
  const model = hostileModel();
  const svg = await svgOf(model);
  const document = parseXml(svg);

  it('stay text: no script element, no attribute or element made from a name', () => {
    for (const element of document.getElementsByTagName('*'))
      expect(DRAWING_ELEMENTS.has(element.localName), element.localName).toBe(true);
    expect(svg).not.toMatch(/<script|onload=|javascript:/i);
    const titles = drawnNodes(document).map((n) => n.title);
    expect(titles).toContain('<script>alert(1)</script>');
    expect(titles).toContain('Robert"); DROP TABLE--');
    // Line breaks in names are spaces: one line of text cannot become two.
    expect(titles).toContain('Gateway kind: Secret');
    // Attributes are the renderer's own: a name cannot add one (an `onload`, an `href` elsewhere).
    const attributes = new Set<string>();
    for (const element of document.getElementsByTagName('*'))
      for (const attribute of element.getAttributeNames()) attributes.add(attribute);
    expect([...attributes].sort()).toEqual(
      [
        ...[
          'aria-labelledby',
          'class',
          'd',
          'fill',
          'fill-opacity',
          'font-family',
          'font-size',
          'font-weight',
        ],
        ...[
          'height',
          'id',
          'marker-end',
          'markerHeight',
          'markerUnits',
          'markerWidth',
          'orient',
          'refX',
          'refY',
        ],
        ...['role', 'rx', 'stroke', 'stroke-dasharray', 'stroke-linejoin', 'stroke-width', 'text-anchor'],
        ...['viewBox', 'width', 'x', 'xlink:href', 'xmlns', 'xmlns:xlink', 'y'],
      ].sort(),
    );
  });

  it('cannot break the XML with characters XML has no room for', async () => {
    const names = [
      'lone \ud800 surrogate',
      'not a character \ufffe',
      'bell \u0007 and nul \u0000',
      'pair 😀 ok',
    ];
    const broken = parseModelOrThrow({
      format: 'meshplan/v1',
      name: names.join(' '),
      contexts: [{ id: 'c', name: names[0] }],
      nodes: names.map((name, i) => ({ id: `n${i}`, kind: 'service', name, context: 'c' })),
      edges: [{ id: 'e', kind: 'sync', from: 'n0', to: 'n1', protocol: 'rest' }],
    });
    const titles = drawnNodes(parseXml(await svgOf(broken))).map((n) => n.title);
    // Dropped or made spaces, never kept as they would end the document.
    expect(titles).toEqual(['lone  surrogate', 'not a character ', 'bell   and nul', 'pair 😀 ok']);
  });

  it('render in resvg', () => {
    const png = pngOfSvg(svg);
    expect(png.length).toBeGreaterThan(10_000);
  });
});

describe('edgeRoutes', () => {
  const boxes = new Map<string, Box>([
    ['a', { x: 0, y: 0, width: 100, height: 50 }],
    ['b', { x: 300, y: 200, width: 100, height: 50 }],
    ['c', { x: 300, y: 0, width: 100, height: 50 }],
  ]);
  const model = parseModelOrThrow({
    format: 'meshplan/v1',
    name: 'Routes',
    nodes: ['a', 'b', 'c'].map((id) => ({ id, kind: 'service', name: id })),
    edges: [
      { id: 'ab', kind: 'sync', from: 'a', to: 'b', protocol: 'rest' },
      { id: 'ac', kind: 'sync', from: 'a', to: 'c', protocol: 'rest' },
      { id: 'ca', kind: 'sync', from: 'c', to: 'a', protocol: 'grpc' },
    ],
  });
  const routes = edgeRoutes(model, boxes);
  const onOutline = (p: { x: number; y: number }, box: Box) =>
    ((Math.abs(p.x - box.x) < 0.01 || Math.abs(p.x - box.x - box.width) < 0.01) &&
      p.y >= box.y - 0.01 &&
      p.y <= box.y + box.height + 0.01) ||
    ((Math.abs(p.y - box.y) < 0.01 || Math.abs(p.y - box.y - box.height) < 0.01) &&
      p.x >= box.x - 0.01 &&
      p.x <= box.x + box.width + 0.01);

  it('run from the border of the source to the border of the target, not centre to centre', () => {
    for (const edge of model.edges) {
      const route = routes[edge.id] ?? [];
      expect(onOutline(route[0] ?? { x: -1, y: -1 }, boxes.get(edge.from) as Box), edge.id).toBe(true);
      expect(onOutline(route.at(-1) ?? { x: -1, y: -1 }, boxes.get(edge.to) as Box), edge.id).toBe(true);
    }
    // Centre (50, 25) to centre (350, 225): leaves a through its bottom side, enters b through its top.
    expect(routes.ab).toEqual([
      { x: 87.5, y: 50 },
      { x: 312.5, y: 200 },
    ]);
  });

  it('draw an edge and its reverse side by side, not on top of each other', () => {
    const [ac, ca] = [routes.ac ?? [], routes.ca ?? []];
    expect(Math.abs((ac[0]?.y ?? 0) - (ca.at(-1)?.y ?? 0))).toBeGreaterThanOrEqual(9);
  });
});

describe('view pictures', () => {
  it('draw each context view as the editor shows it: the frame and its members where the architecture has them', async () => {
    const model = await positioned(ecommerceTemplate());
    const boxes = diagramBoxes(model);
    const { files } = await exportModel(model, { targets: ['diagrams'] });
    for (const context of model.contexts ?? []) {
      const scene = sceneModel(viewScene(model, contextView(model, context.id) as View));
      const picture = files.find((f) => f.path === `diagrams/views/${dnsName(context.name)}.svg`);
      expect(picture, context.name).toBeDefined();
      const svg = parseXml(String(picture?.content));
      const titles = new Map(
        [...svg.getElementsByTagName('g')].map((g) => [
          g.getAttribute('id'),
          g.getElementsByTagName('title')[0]?.textContent,
        ]),
      );
      const drawnBoxes = diagramBoxes(scene.model);
      for (const node of scene.model.nodes) {
        // Every box of the view is in the picture, under its whole name.
        expect(titles.get(`node-${node.id}`), node.id).toBe(node.name);
        if (node.context === context.id) expect(drawnBoxes.get(node.id)).toEqual(boxes.get(node.id));
      }
      // A neighbour in another context is that context, collapsed to one box.
      for (const id of scene.collapsed) expect(model.contexts?.some((c) => c.id === id)).toBe(true);
    }
  });

  it('draw each saved view under views/saved, with what it leaves out as dashed stubs', async () => {
    const model = await positioned(ecommerceTemplate());
    const [first, second] = model.nodes.filter((n) => model.edges.some((e) => e.from === n.id));
    if (first === undefined || second === undefined) throw new Error('the template has callers');
    const withViews: Model = {
      ...model,
      views: [
        { id: 'view-a', name: 'Checkout <path>', elements: [first.id] },
        // Same DNS name as the first: numbered, never overwritten.
        { id: 'view-b', name: 'checkout path', elements: [second.id] },
      ],
    };
    const { files } = await exportModel(withViews, { targets: ['diagrams'] });
    const saved = files.filter((f) => f.path.startsWith('diagrams/views/saved/')).map((f) => f.path);
    expect(saved.sort()).toEqual(
      ['diagrams/views/saved/checkout-path.svg', 'diagrams/views/saved/checkout-path-2.svg'].sort(),
    );
    const text = String(files.find((f) => f.path === 'diagrams/views/saved/checkout-path.svg')?.content);
    expect(text).toContain('Checkout &lt;path&gt;');
    const stubs = [...text.matchAll(/class="node node-[a-z]+ stub"/g)];
    const { stubs: expected } = sceneModel(viewScene(withViews, withViews.views?.[0] as View));
    expect(stubs.length).toBe(expected.size);
    expect(expected.size).toBeGreaterThan(0);
    expect(text).toContain('not in this view');
  });
});

describe('positioned', () => {
  it('lays out a model without positions, and keeps the positions a model has', async () => {
    const model = await positioned(ecommerceTemplate());
    const bare: Model = {
      ...model,
      contexts: model.contexts?.map(({ position: _p, size: _s, ...c }) => c),
      nodes: model.nodes.map(({ position: _p, ...n }) => n as Model['nodes'][number]),
    };
    const laid = await positioned(bare);
    expect(laid.nodes.every((n) => n.position !== undefined)).toBe(true);
    expect(laid.contexts?.every((c) => c.position !== undefined && c.size !== undefined)).toBe(true);
    expect(bare.nodes.every((n) => n.position === undefined)).toBe(true);
    expect(await positioned(model)).toBe(model);
    // Nodes laid out inside their context's frame.
    const boxes = diagramBoxes(laid);
    for (const node of laid.nodes)
      if (node.context !== undefined)
        expect(inside(boxes.get(node.id) as Box, boxes.get(node.context) as Box), node.id).toBe(true);
  });
});

describe('PNGs', async () => {
  const { files } = await exportModel(ecommerceTemplate(), { targets: ['diagrams'], rasterize: pngOfSvg });
  const size = (bytes: Uint8Array) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  };

  it('are drawn beside each SVG, at twice its size', () => {
    const svgs = files.filter((f) => f.path.endsWith('.svg'));
    expect(svgs.length).toBe(1 + (ecommerceTemplate().contexts?.length ?? 0));
    for (const svg of svgs) {
      const png = files.find((f) => f.path === svg.path.replace(/\.svg$/, '.png'))?.content as Uint8Array;
      expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const view = viewBox(parseXml(svg.content as string));
      expect(size(png)).toEqual({ width: view.width * 2, height: view.height * 2 });
    }
  });

  it('have the golden sizes', () => {
    const sizes = Object.fromEntries(
      files.filter((f) => f.path.endsWith('.png')).map((f) => [f.path, size(f.content as Uint8Array)]),
    );
    expect(sizes).toMatchInlineSnapshot(`
      {
        "diagrams/architecture.png": {
          "height": 2700,
          "width": 3956,
        },
        "diagrams/views/catalog.png": {
          "height": 1692,
          "width": 2860,
        },
        "diagrams/views/customers.png": {
          "height": 1140,
          "width": 2628,
        },
        "diagrams/views/inventory.png": {
          "height": 564,
          "width": 1536,
        },
        "diagrams/views/ordering.png": {
          "height": 1348,
          "width": 2898,
        },
        "diagrams/views/payments.png": {
          "height": 772,
          "width": 2044,
        },
        "diagrams/views/shipping.png": {
          "height": 1140,
          "width": 2574,
        },
      }
    `);
  });

  it('stop at the pixel budget of an export: the architecture first, then the views, the rest SVG only', async () => {
    const architecture = files.find((f) => f.path === 'diagrams/architecture.png')?.content as Uint8Array;
    const { width, height } = size(architecture);
    // Room for the architecture and not one view more.
    const budgeted = (
      await exportModel(ecommerceTemplate(), {
        targets: ['diagrams'],
        rasterize: pngsWithin(width * height + 1000),
      })
    ).files;
    expect(budgeted.filter((f) => f.path.endsWith('.png')).map((f) => f.path)).toEqual([
      'diagrams/architecture.png',
    ]);
    expect(budgeted.filter((f) => f.path.endsWith('.svg'))).toHaveLength(7);
  });

  it('draw any generated model (resvg aborts the process on some shapes drawn outside its canvas)', async () => {
    // The renderer keeps everything inside the view box, the one case resvg 2.6.2 gets wrong
    // (a panic, which ends the whole process). Models of every size and shape stay inside it.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 10_000 }),
        async (services, seed) => {
          const model = await positioned(syntheticModel({ services, seed }));
          const svg = renderDiagram(model);
          const view = viewBox(parseXml(svg));
          for (const box of diagramBoxes(model).values()) expect(inside(box, view)).toBe(true);
          expect(pngOfSvg(svg).length).toBeGreaterThan(1000);
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);

  it('are drawn smaller where 2x would be too large', () => {
    expect(pngScale(1000, 800)).toBe(2);
    const scale = pngScale(20_000, 8_000);
    expect(20_000 * scale * 8_000 * scale).toBeLessThanOrEqual(16_000_000 + 1);
    expect(pngScale(40_000, 100) * 40_000).toBeLessThanOrEqual(16_384);
  });
});
