import type { EdgeKind, NodeKind } from '@meshplan/model';

/**
 * How a diagram looks: the editor's light theme (apps/web/src/styles.css), with each kind's
 * outline in its own darker colour so that kinds read apart on paper and in grey scale too.
 */
export const COLOURS = {
  background: '#ffffff',
  text: '#1c1f26',
  muted: '#5d6472',
  context: '#2f5bd3',
} as const;

export interface KindStyle {
  fill: string;
  stroke: string;
  dash?: string;
  radius: number;
  /** How the legend names the kind. */
  label: string;
}

export const NODE_STYLES: Readonly<Record<NodeKind, KindStyle>> = {
  service: { fill: '#e8efff', stroke: '#2f5bd3', radius: 10, label: 'Service' },
  datastore: { fill: '#e7f6e9', stroke: '#2e7d32', radius: 18, label: 'Datastore' },
  topic: { fill: '#f3e9ff', stroke: '#7b3fb5', dash: '5 3', radius: 10, label: 'Topic' },
  gateway: { fill: '#fff3dd', stroke: '#a65b00', radius: 10, label: 'Gateway' },
  client: { fill: '#eef0f3', stroke: '#5d6472', radius: 10, label: 'Client' },
  external: { fill: '#fde8e8', stroke: '#c62828', dash: '2 2', radius: 10, label: 'External system' },
};

/** A box that stands for a whole other context in a context's view. */
export const COLLAPSED_STYLE: KindStyle = {
  fill: '#f5f7fd',
  stroke: COLOURS.context,
  dash: '6 4',
  radius: 12,
  label: 'Other context',
};

export const EDGE_STYLES: Readonly<Record<EdgeKind, { stroke: string; dash?: string; label: string }>> = {
  sync: { stroke: '#3a4150', label: 'Sync call' },
  route: { stroke: '#2f5bd3', label: 'Route' },
  publish: { stroke: '#7b3fb5', dash: '6 4', label: 'Publishes' },
  subscribe: { stroke: '#7b3fb5', dash: '6 4', label: 'Subscribes' },
  data: { stroke: '#2e7d32', dash: '2 3', label: 'Data access' },
};

/** The kind icons of the canvas (apps/web/src/canvas/nodes.tsx), in a 24 x 24 box, stroked. */
export const ICONS: Readonly<Record<NodeKind | 'context', string>> = {
  service: 'M4 6h16v12H4z M8 10h8 M8 14h5',
  datastore: 'M5 6c0-2 14-2 14 0v12c0 2-14 2-14 0z M5 6c0 2 14 2 14 0',
  topic: 'M4 8h12l4 4-4 4H4z',
  gateway: 'M12 3l8 4v10l-8 4-8-4V7z M12 8v8',
  client: 'M4 5h16v10H4z M9 19h6 M12 15v4',
  external: 'M12 3a9 9 0 1 0 0.01 0z M3 12h18 M12 3c3 3 3 15 0 18 M12 3c-3 3-3 15 0 18',
  context: 'M3 5h18v14H3z M3 9h18 M6 7h4',
};
