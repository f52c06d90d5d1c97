import type { Edge, Node } from '@meshplan/model';
import type { ExportContext } from '../context.js';
import { diagramId, mermaidLabel, plantumlString, structurizrString } from '../text.js';
import type { ExportDocument } from '../types.js';

/**
 * `diagrams/`: a Mermaid flowchart with contexts as subgraphs, a C4-PlantUML container diagram
 * and a Structurizr DSL workspace. Identifiers come from DNS names; every label is escaped for
 * its language, so no name can end a string or start a new statement.
 */
export function diagrams(ctx: ExportContext): ExportDocument[] {
  return [
    { path: 'diagrams/architecture.puml', target: 'diagrams', format: 'text', text: plantuml(ctx) },
    { path: 'diagrams/context-map.mmd', target: 'diagrams', format: 'text', text: mermaid(ctx) },
    { path: 'diagrams/workspace.dsl', target: 'diagrams', format: 'text', text: structurizr(ctx) },
  ];
}

/** Nodes grouped by context (model order), then the nodes outside any context. */
function groups(ctx: ExportContext): { contextId: string | undefined; nodes: readonly Node[] }[] {
  const result: { contextId: string | undefined; nodes: readonly Node[] }[] = [];
  for (const context of ctx.model.contexts ?? []) {
    result.push({ contextId: context.id, nodes: ctx.index.nodesInContext(context.id) });
  }
  result.push({ contextId: undefined, nodes: ctx.model.nodes.filter((node) => node.context === undefined) });
  return result;
}

function edgeLabel(edge: Edge): string {
  switch (edge.kind) {
    case 'sync':
      return edge.protocol;
    case 'route':
      return (edge.paths ?? []).join(', ');
    case 'publish':
    case 'subscribe':
      return (edge.messages ?? []).join(', ');
    case 'data':
      return edge.access;
  }
}

// --- Mermaid -----------------------------------------------------------------------------------

function mermaidNode(ctx: ExportContext, node: Node): string {
  const id = diagramId('n', ctx.name(node.id));
  const label = `"${mermaidLabel(node.name)}"`;
  switch (node.kind) {
    case 'service':
      return `${id}[${label}]`;
    case 'datastore':
      return `${id}[(${label})]`;
    case 'topic':
      return `${id}>${label}]`;
    case 'gateway':
      return `${id}{{${label}}}`;
    case 'client':
      return `${id}([${label}])`;
    case 'external':
      return `${id}[[${label}]]`;
  }
}

const MERMAID_ARROWS = {
  sync: '-->',
  route: '-->',
  publish: '-.->',
  subscribe: '-.->',
  data: '-.-',
} as const;

function mermaid(ctx: ExportContext): string {
  const lines = ['flowchart LR'];
  for (const { contextId, nodes } of groups(ctx)) {
    if (contextId === undefined) {
      for (const node of nodes) lines.push(`  ${mermaidNode(ctx, node)}`);
      continue;
    }
    const context = ctx.context(contextId);
    lines.push(
      `  subgraph ${diagramId('c', ctx.contextName(contextId))}["${mermaidLabel(context?.name ?? '')}"]`,
    );
    for (const node of nodes) lines.push(`    ${mermaidNode(ctx, node)}`);
    lines.push('  end');
  }
  for (const edge of ctx.model.edges) {
    const from = diagramId('n', ctx.name(edge.from));
    const to = diagramId('n', ctx.name(edge.to));
    const label = edgeLabel(edge);
    const arrow = MERMAID_ARROWS[edge.kind];
    lines.push(
      label === '' ? `  ${from} ${arrow} ${to}` : `  ${from} ${arrow}|"${mermaidLabel(label)}"| ${to}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// --- C4-PlantUML -------------------------------------------------------------------------------

function plantumlNode(ctx: ExportContext, node: Node): string {
  const id = diagramId('n', ctx.name(node.id));
  const name = `"${plantumlString(node.name)}"`;
  const description = `"${plantumlString(node.description ?? '')}"`;
  switch (node.kind) {
    case 'service':
      return `Container(${id}, ${name}, "${plantumlString(technology(node))}", ${description})`;
    case 'datastore':
      return `ContainerDb(${id}, ${name}, "${node.engine}", ${description})`;
    case 'topic':
      return `ContainerQueue(${id}, ${name}, "${node.broker}", ${description})`;
    case 'gateway':
      return `Container(${id}, ${name}, "${plantumlString(node.product ?? 'API gateway')}", ${description})`;
    case 'client':
      return `Person(${id}, ${name}, ${description})`;
    case 'external':
      return `System_Ext(${id}, ${name}, ${description})`;
  }
}

function technology(node: Extract<Node, { kind: 'service' }>): string {
  const api = node.api;
  if (api === undefined) return 'service';
  return api.version === undefined ? api.style : `${api.style} ${api.version}`;
}

function plantuml(ctx: ExportContext): string {
  const lines = [
    '@startuml',
    '!include <C4/C4_Container>',
    '',
    // A title runs to the end of its line: one line of text, nothing to close.
    `title ${plantumlString(ctx.model.name)}`,
    '',
  ];
  for (const { contextId, nodes } of groups(ctx)) {
    if (contextId === undefined) {
      for (const node of nodes) lines.push(plantumlNode(ctx, node));
      continue;
    }
    const context = ctx.context(contextId);
    lines.push(
      `Boundary(${diagramId('c', ctx.contextName(contextId))}, "${plantumlString(context?.name ?? '')}") {`,
    );
    for (const node of nodes) lines.push(`  ${plantumlNode(ctx, node)}`);
    lines.push('}');
  }
  lines.push('');
  for (const edge of ctx.model.edges) {
    const from = diagramId('n', ctx.name(edge.from));
    const to = diagramId('n', ctx.name(edge.to));
    lines.push(
      `Rel(${from}, ${to}, "${plantumlString(relation(edge))}", "${plantumlString(edgeLabel(edge))}")`,
    );
  }
  lines.push('', 'SHOW_LEGEND()', '@enduml');
  return `${lines.join('\n')}\n`;
}

function relation(edge: Edge): string {
  switch (edge.kind) {
    case 'sync':
      return 'calls';
    case 'route':
      return 'routes to';
    case 'publish':
      return 'publishes to';
    case 'subscribe':
      return 'delivers to';
    case 'data':
      return edge.access === 'read'
        ? 'reads from'
        : edge.access === 'write'
          ? 'writes to'
          : 'reads and writes';
  }
}

// --- Structurizr DSL ---------------------------------------------------------------------------

function structurizr(ctx: ExportContext): string {
  const q = (text: string) => `"${structurizrString(text)}"`;
  const system = 's_system';
  const lines = [`workspace ${q(ctx.model.name)} ${q(ctx.model.description ?? '')} {`, '  model {'];
  // People and external systems live outside the software system; everything else inside it.
  const outside = (node: Node) => node.kind === 'client' || node.kind === 'external';
  for (const node of ctx.model.nodes) {
    if (node.kind === 'client') {
      lines.push(
        `    ${diagramId('n', ctx.name(node.id))} = person ${q(node.name)} ${q(node.description ?? '')}`,
      );
    } else if (node.kind === 'external') {
      lines.push(
        `    ${diagramId('n', ctx.name(node.id))} = softwareSystem ${q(node.name)} ${q(node.description ?? '')} {`,
        '      tags "External"',
        '    }',
      );
    }
  }
  lines.push(`    ${system} = softwareSystem ${q(ctx.model.name)} {`);
  for (const { contextId, nodes } of groups(ctx)) {
    const inside = nodes.filter((node) => !outside(node));
    if (inside.length === 0) continue;
    const indent = contextId === undefined ? '      ' : '        ';
    if (contextId !== undefined) lines.push(`      group ${q(ctx.context(contextId)?.name ?? '')} {`);
    for (const node of inside) {
      const technologyText =
        node.kind === 'service'
          ? technology(node)
          : node.kind === 'datastore'
            ? node.engine
            : node.kind === 'topic'
              ? node.broker
              : (node.product ?? 'API gateway');
      const tag =
        node.kind === 'datastore' ? 'Database' : node.kind === 'topic' ? 'Queue' : capitalised(node.kind);
      lines.push(
        `${indent}${diagramId('n', ctx.name(node.id))} = container ${q(node.name)} ${q(node.description ?? '')} ${q(technologyText)} {`,
        `${indent}  tags ${q(tag)}`,
        `${indent}}`,
      );
    }
    if (contextId !== undefined) lines.push('      }');
  }
  lines.push('    }', '');
  for (const edge of ctx.model.edges) {
    const from = diagramId('n', ctx.name(edge.from));
    const to = diagramId('n', ctx.name(edge.to));
    lines.push(`    ${from} -> ${to} ${q(relation(edge))} ${q(edgeLabel(edge))}`);
  }
  lines.push(
    '  }',
    '',
    '  views {',
    `    container ${system} "containers" {`,
    '      include *',
    '      autolayout lr',
    '    }',
    '    styles {',
    '      element "Database" {',
    '        shape cylinder',
    '      }',
    '      element "Queue" {',
    '        shape pipe',
    '      }',
    '      element "External" {',
    '        background #999999',
    '      }',
    '    }',
    '  }',
    '}',
  );
  return `${lines.join('\n')}\n`;
}

function capitalised(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
