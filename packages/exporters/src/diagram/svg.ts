import { NAME_FONT, NODE_CHROME, type NodeBox, nameWidth, nodeBox } from '@meshplan/layout';
import type { Edge, EdgeKind, Model, Node, NodeKind } from '@meshplan/model';
import { oneLine } from '../text.js';
import { type Box, diagramBoxes, type Point } from './boxes.js';
import { LabelPlacer } from './labels.js';
import { edgeRoutes } from './routes.js';
import { COLLAPSED_STYLE, COLOURS, EDGE_STYLES, ICONS, type KindStyle, NODE_STYLES } from './style.js';

export interface DiagramOptions {
  /** Ids of nodes that stand for a whole other context (in a view, see `sceneModel` of @meshplan/layout). */
  collapsed?: ReadonlySet<string>;
  /** Ids of nodes a view does not list, drawn where its edges end (dashed, "not in this view"). */
  stubs?: ReadonlySet<string>;
  /** The heading above the diagram; the model's name when left out. */
  title?: string;
}

/** Space around everything drawn, in px. */
const MARGIN = 24;
const ICON_SIZE = 20;
const DETAIL_SIZE = 11;
const LABEL_SIZE = 10;
const TITLE_SIZE = 18;
const CONTEXT_NAME_SIZE = 13;
/** The name font as SVG attributes: the metrics `nodeBox` measured names with. */
const FONT_FAMILY = NAME_FONT.family;

/**
 * A positioned model (see `positioned`) as a standalone SVG document: a white background, context
 * frames with their names, node boxes (`nodeBox(name)`) with the kind's colour and icon, the name
 * as `<text>` lines and a line of detail, edges along `edgeRoutes` with arrowheads and labels,
 * and a legend of the kinds drawn. No scripts, no styles, no external references: every user
 * string is XML text, so the file is safe to open anywhere and renders the same in resvg and
 * browsers. The same model gives the same bytes.
 */
export function renderDiagram(model: Model, options: DiagramOptions = {}): string {
  const collapsed = options.collapsed ?? new Set<string>();
  const stubs = options.stubs ?? new Set<string>();
  // Each name is measured once: for its box, then for its lines.
  const measured = new Map<string, NodeBox>();
  const measure = (name: string): NodeBox => {
    const known = measured.get(name);
    if (known !== undefined) return known;
    const box = nodeBox(name);
    measured.set(name, box);
    return box;
  };
  const boxes = diagramBoxes(model, measure);
  const routes = edgeRoutes(model, boxes);
  const bounds = new Bounds();

  const contexts: string[] = [];
  const contextNames: string[] = [];
  for (const context of model.contexts ?? []) {
    const box = boxes.get(context.id);
    if (box === undefined) continue;
    bounds.add(box);
    const { frame, title } = contextFrame(context.id, context.name, context.team, box, bounds);
    contexts.push(frame);
    contextNames.push(title);
  }

  const nodes: string[] = [];
  const nodeKinds = new Set<NodeKind>();
  for (const node of model.nodes) {
    const box = boxes.get(node.id);
    if (box === undefined) continue;
    bounds.add(box);
    const isCollapsed = collapsed.has(node.id);
    if (!isCollapsed) nodeKinds.add(node.kind);
    nodes.push(
      nodeBoxSvg(
        node,
        box,
        measure(node.name).lines,
        isCollapsed ? 'context' : stubs.has(node.id) ? 'stub' : 'node',
      ),
    );
  }

  const edges: string[] = [];
  const labels: string[] = [];
  const placer = new LabelPlacer(model.nodes.flatMap((node) => boxes.get(node.id) ?? []));
  const edgeKinds = new Set<EdgeKind>();
  for (const edge of model.edges) {
    const route = routes[edge.id];
    if (route === undefined || route.length < 2) continue;
    edgeKinds.add(edge.kind);
    for (const point of route) bounds.addPoint(point.x, point.y);
    const style = EDGE_STYLES[edge.kind];
    edges.push(
      `<path id="${attr(`edge-${edge.id}`)}" class="edge edge-${edge.kind}" d="${pathData(route)}" fill="none" ` +
        `stroke="${style.stroke}" stroke-width="1.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} ` +
        `marker-end="url(#arrow-${edge.kind})"/>`,
    );
    labels.push(edgeLabelSvg(edge, route, placer, bounds));
  }

  const content = bounds.box() ?? { x: 0, y: 0, width: 0, height: 0 };
  const title = oneLine(options.title ?? model.name);
  const titleBaseline = content.y - 20;
  bounds.add({ x: content.x, y: titleBaseline - TITLE_SIZE, width: nameWidth(title, TITLE_SIZE), height: 0 });
  const legend = legendSvg(
    nodeKinds,
    collapsed.size > 0,
    edgeKinds,
    content.x,
    content.y + content.height + 32,
  );
  bounds.add(legend.box);

  const all = bounds.box() ?? content;
  const view = {
    x: Math.floor(all.x - MARGIN),
    y: Math.floor(all.y - MARGIN),
    width: Math.ceil(all.width + 2 * MARGIN),
    height: Math.ceil(all.height + 2 * MARGIN),
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
      `width="${view.width}" height="${view.height}" viewBox="${view.x} ${view.y} ${view.width} ${view.height}" ` +
      `font-family="${attr(FONT_FAMILY)}" role="img" aria-labelledby="diagram-title">`,
    `<title id="diagram-title">${text(title)}</title>`,
    `<defs>${markers(edgeKinds)}${icons(nodeKinds, collapsed.size > 0)}</defs>`,
    `<rect class="background" x="${view.x}" y="${view.y}" width="${view.width}" height="${view.height}" fill="${COLOURS.background}"/>`,
    `<text class="diagram-title" x="${n(content.x)}" y="${n(titleBaseline)}" font-size="${TITLE_SIZE}" font-weight="700" fill="${COLOURS.text}">${text(title)}</text>`,
    `<g class="contexts">${contexts.join('')}</g>`,
    `<g class="edges">${edges.join('\n')}</g>`,
    `<g class="context-names">${contextNames.join('')}</g>`,
    `<g class="nodes">\n${nodes.join('\n')}\n</g>`,
    `<g class="edge-labels">${labels.join('\n')}</g>`,
    legend.svg,
    '</svg>',
    '',
  ].join('\n');
}

/** A context's frame (under everything) and its name (over the edges, on a light ground). */
function contextFrame(
  id: string,
  name: string,
  team: string | undefined,
  box: Box,
  bounds: Bounds,
): { frame: string; title: string } {
  const label = oneLine(name);
  const teamLabel = team === undefined ? '' : ` · ${oneLine(team)}`;
  const x = box.x + 12;
  const baseline = box.y + 22;
  const nameEnd = x + nameWidth(label, CONTEXT_NAME_SIZE);
  const width = nameEnd - x + (teamLabel ? nameWidth(teamLabel, 12) + 6 : 0);
  // A name wider than its frame is drawn whole, past the frame's edge: the picture grows to hold it.
  const ground = {
    x: x - 4,
    y: baseline - CONTEXT_NAME_SIZE - 2,
    width: width + 8,
    height: CONTEXT_NAME_SIZE + 8,
  };
  bounds.add(ground);
  return {
    frame:
      `<g id="${attr(`context-${id}`)}" class="context"><title>${text(label)}</title>` +
      `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="12" ` +
      `fill="${COLOURS.context}" fill-opacity="0.04" stroke="${COLOURS.context}" stroke-width="1.5" stroke-dasharray="6 4"/></g>`,
    title:
      `<g class="context-name"><rect x="${n(ground.x)}" y="${n(ground.y)}" width="${n(ground.width)}" height="${ground.height}" ` +
      `rx="4" fill="${COLOURS.background}" fill-opacity="0.85"/>` +
      `<text x="${n(x)}" y="${n(baseline)}" font-size="${CONTEXT_NAME_SIZE}" font-weight="700" fill="${COLOURS.context}">${text(label)}</text>` +
      (teamLabel
        ? `<text x="${n(nameEnd + 6)}" y="${n(baseline)}" font-size="12" fill="${COLOURS.muted}">${text(teamLabel.slice(1))}</text>`
        : '') +
      '</g>',
  };
}

/** What a box stands for: a node, a whole other context (collapsed), or a node a view leaves out. */
type DrawnAs = 'node' | 'context' | 'stub';

function nodeBoxSvg(node: Node, box: Box, lines: readonly string[], drawnAs: DrawnAs): string {
  const isCollapsed = drawnAs === 'context';
  const kindStyle: KindStyle = isCollapsed ? COLLAPSED_STYLE : NODE_STYLES[node.kind];
  // A stub is its kind's box, dashed: what the view leaves out is named, not shown.
  const style: KindStyle = drawnAs === 'stub' ? { ...kindStyle, dash: '4 3' } : kindStyle;
  const icon = isCollapsed ? 'context' : node.kind;
  // `nodeBox` fits every line but the last, which holds the rest of a very long name: cut it.
  const room = (box.width - NODE_CHROME.left - NODE_CHROME.right) / 1.04;
  const drawn = lines.map((line, i) =>
    i === lines.length - 1 ? fitted(oneLine(line), room) : oneLine(line),
  );
  const detail = fitted(
    isCollapsed ? 'context' : drawnAs === 'stub' ? 'not in this view' : detailOf(node),
    room,
    DETAIL_SIZE,
  );
  const blockHeight = drawn.length * NAME_FONT.lineHeight + 15;
  const top = box.y + (box.height - blockHeight) / 2;
  const textX = box.x + NODE_CHROME.left;
  const nameLines = drawn
    .map(
      (line, i) =>
        `<text x="${n(textX)}" y="${n(top + 12 + i * NAME_FONT.lineHeight)}" font-size="${NAME_FONT.size}" ` +
        `font-weight="${NAME_FONT.weight}" fill="${COLOURS.text}">${text(line)}</text>`,
    )
    .join('');
  return (
    `<g id="${attr(`node-${node.id}`)}" class="node node-${isCollapsed ? 'context' : node.kind}${drawnAs === 'stub' ? ' stub' : ''}">` +
    `<title>${text(oneLine(node.name))}</title>` +
    `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${style.radius}" ` +
    `fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>` +
    `<use xlink:href="#icon-${icon}" x="${n(box.x + 12)}" y="${n(box.y + box.height / 2 - ICON_SIZE / 2)}" width="${ICON_SIZE}" height="${ICON_SIZE}"/>` +
    nameLines +
    `<text x="${n(textX)}" y="${n(top + drawn.length * NAME_FONT.lineHeight + 13)}" font-size="${DETAIL_SIZE}" fill="${COLOURS.muted}">${text(detail)}</text>` +
    '</g>'
  );
}

/** The line under a node's name: what it is built with. */
function detailOf(node: Node): string {
  switch (node.kind) {
    case 'service':
      return node.api
        ? `${API_WORDS[node.api.style] ?? node.api.style}${node.api.version ? ` ${oneLine(node.api.version)}` : ''}`
        : 'service';
    case 'datastore':
      return node.engine;
    case 'topic':
      return node.broker;
    case 'gateway':
      return node.product === undefined ? 'gateway' : oneLine(node.product);
    case 'client':
      return 'client';
    case 'external':
      return 'external system';
  }
}

const API_WORDS: Readonly<Record<string, string>> = { rest: 'REST', grpc: 'gRPC', graphql: 'GraphQL' };

/** What an edge's label says: the protocol of a call, the access of data, the kind otherwise. */
export function edgeLabelText(edge: Edge): string {
  switch (edge.kind) {
    case 'sync':
      return API_WORDS[edge.protocol] ?? edge.protocol;
    case 'data':
      return edge.access === 'readwrite' ? 'read/write' : edge.access;
    case 'route':
      return 'route';
    case 'publish':
      return 'publishes';
    case 'subscribe':
      return 'subscribes';
  }
}

function edgeLabelSvg(edge: Edge, route: readonly Point[], placer: LabelPlacer, bounds: Bounds): string {
  const label = edgeLabelText(edge);
  const box = placer.place(route, nameWidth(label, LABEL_SIZE) + 10, 15);
  bounds.add(box);
  const stroke = EDGE_STYLES[edge.kind].stroke;
  const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  return (
    `<g class="edge-label"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${box.height}" rx="7.5" ` +
    `fill="${COLOURS.background}" stroke="${stroke}" stroke-width="0.75"/>` +
    `<text x="${n(middle.x)}" y="${n(middle.y + 3.5)}" font-size="${LABEL_SIZE}" font-weight="700" text-anchor="middle" fill="${stroke}">${text(label)}</text></g>`
  );
}

function legendSvg(
  nodeKinds: ReadonlySet<NodeKind>,
  withCollapsed: boolean,
  edgeKinds: ReadonlySet<EdgeKind>,
  x: number,
  y: number,
): { svg: string; box: Box } {
  const items: string[] = [];
  let cursor = x;
  const swatch = (style: KindStyle, icon: string) => {
    items.push(
      `<rect x="${n(cursor)}" y="${n(y)}" width="28" height="20" rx="${Math.min(style.radius, 8)}" fill="${style.fill}" ` +
        `stroke="${style.stroke}" stroke-width="1.2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>` +
        `<use xlink:href="#icon-${icon}" x="${n(cursor + 7)}" y="${n(y + 3)}" width="14" height="14"/>`,
    );
    cursor += 34;
    word(style.label);
  };
  const word = (label: string) => {
    items.push(
      `<text x="${n(cursor)}" y="${n(y + 14)}" font-size="11" fill="${COLOURS.text}">${text(label)}</text>`,
    );
    // Bold metrics for regular text: a little more room than needed, never less.
    cursor += nameWidth(label, 11) + 18;
  };
  for (const kind of Object.keys(NODE_STYLES) as NodeKind[])
    if (nodeKinds.has(kind)) swatch(NODE_STYLES[kind], kind);
  if (withCollapsed) swatch(COLLAPSED_STYLE, 'context');
  for (const kind of Object.keys(EDGE_STYLES) as EdgeKind[]) {
    if (!edgeKinds.has(kind)) continue;
    const style = EDGE_STYLES[kind];
    items.push(
      `<path d="M${n(cursor)} ${n(y + 10)}H${n(cursor + 30)}" stroke="${style.stroke}" stroke-width="1.5"` +
        `${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${kind})"/>`,
    );
    cursor += 36;
    word(style.label);
  }
  return {
    svg: `<g class="legend">${items.join('')}</g>`,
    box: { x, y, width: cursor - x, height: 20 },
  };
}

/** One arrowhead per edge kind drawn, in the kind's colour, its tip on the line's end. */
function markers(kinds: ReadonlySet<EdgeKind>): string {
  return (Object.keys(EDGE_STYLES) as EdgeKind[])
    .filter((kind) => kinds.has(kind))
    .map(
      (kind) =>
        `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" ` +
        `markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="${EDGE_STYLES[kind].stroke}"/></marker>`,
    )
    .join('');
}

function icons(kinds: ReadonlySet<NodeKind>, withCollapsed: boolean): string {
  const symbol = (id: string, stroke: string) =>
    `<symbol id="icon-${id}" viewBox="0 0 24 24"><path d="${ICONS[id as keyof typeof ICONS]}" fill="none" ` +
    `stroke="${stroke}" stroke-width="1.6" stroke-linejoin="round"/></symbol>`;
  const drawn = (Object.keys(NODE_STYLES) as NodeKind[])
    .filter((kind) => kinds.has(kind))
    .map((kind) => symbol(kind, NODE_STYLES[kind].stroke));
  if (withCollapsed) drawn.push(symbol('context', COLLAPSED_STYLE.stroke));
  return drawn.join('');
}

/** `text` cut with an ellipsis where it would be wider than `width` px in the bold font of `size`. */
function fitted(value: string, width: number, size: number = NAME_FONT.size): string {
  if (nameWidth(value, size) <= width) return value;
  const chars = [...value];
  while (chars.length > 1 && nameWidth(`${chars.join('').trimEnd()}…`, size) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

function pathData(route: readonly Point[]): string {
  return route.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join('');
}

/** A coordinate as text: at most two decimals, no `-0`. */
function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * User text as XML character data: markup characters escaped, and the characters XML 1.0 cannot
 * hold at all (lone surrogates, U+FFFE, U+FFFF; control characters are gone by `oneLine`) dropped.
 */
function text(value: string): string {
  return value
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text inside a double-quoted attribute. */
function attr(value: string): string {
  return text(oneLine(value)).replace(/"/g, '&quot;');
}

/** The smallest box around everything added. */
class Bounds {
  private minX = Number.POSITIVE_INFINITY;
  private minY = Number.POSITIVE_INFINITY;
  private maxX = Number.NEGATIVE_INFINITY;
  private maxY = Number.NEGATIVE_INFINITY;

  add(box: Box): void {
    this.addPoint(box.x, box.y);
    this.addPoint(box.x + box.width, box.y + box.height);
  }

  addPoint(x: number, y: number): void {
    if (x < this.minX) this.minX = x;
    if (y < this.minY) this.minY = y;
    if (x > this.maxX) this.maxX = x;
    if (y > this.maxY) this.maxY = y;
  }

  box(): Box | undefined {
    if (this.minX > this.maxX) return undefined;
    return { x: this.minX, y: this.minY, width: this.maxX - this.minX, height: this.maxY - this.minY };
  }
}
