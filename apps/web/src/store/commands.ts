import { type EdgeKind, edgeKindsBetween, type Model, type NodeKind, withArticle } from '@meshplan/model';
import { applyFix, type Finding } from '@meshplan/rules';
import { contextAt } from '../canvas/mapping.js';
import { useEditor } from './editor.js';

/** A fresh id of the form `kind-3` that no element has. */
export function freshId(model: Model, prefix: string): string {
  const taken = new Set(
    [...(model.contexts ?? []), ...model.nodes, ...model.edges, ...(model.sagas ?? [])].map((e) => e.id),
  );
  for (let n = 1; ; n++) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

const DEFAULTS: Record<NodeKind, Record<string, unknown>> = {
  service: { api: { style: 'rest', version: 'v1', endpoints: [] } },
  datastore: { engine: 'postgres' },
  topic: { broker: 'kafka', messages: [] },
  gateway: {},
  client: {},
  external: {},
};
const NAMES: Record<NodeKind, string> = {
  service: 'New service',
  datastore: 'New datastore',
  topic: 'New topic',
  gateway: 'API gateway',
  client: 'Web app',
  external: 'External system',
};

/** The user's actions, as named commands: the palette, the keyboard and the menus call these. */
export const commands = {
  addNode(
    kind: NodeKind,
    position: { x: number; y: number },
    context = contextAt(useEditor.getState().model, position),
  ): string | undefined {
    let added: string | undefined;
    useEditor.getState().change(`Add ${kind}`, (draft) => {
      added = freshId(draft, kind);
      const sameName = draft.nodes.filter((node) => node.name.startsWith(NAMES[kind])).length;
      draft.nodes.push({
        id: added,
        kind,
        name: sameName === 0 ? NAMES[kind] : `${NAMES[kind]} ${sameName + 1}`,
        position,
        ...(context === undefined ? {} : { context }),
        ...structuredClone(DEFAULTS[kind]),
      } as Model['nodes'][number]);
    });
    if (added !== undefined) useEditor.getState().select([added]);
    return added;
  },
  /** Adds a bounded context and selects it, as a new node is: its name is ready to change. */
  addContext(position: { x: number; y: number }): string | undefined {
    let added: string | undefined;
    useEditor.getState().change('Add bounded context', (draft) => {
      draft.contexts ??= [];
      added = freshId(draft, 'ctx');
      draft.contexts.push({
        id: added,
        name: `Context ${draft.contexts.length + 1}`,
        position,
        size: { width: 420, height: 280 },
      });
    });
    if (added !== undefined) useEditor.getState().select([added]);
    return added;
  },
  /** Renames a node, context or saga; an empty name is refused (the model needs one). */
  rename(id: string, name: string): string[] {
    const trimmed = name.trim();
    if (trimmed === '') return ['A name cannot be empty.'];
    return useEditor.getState().change(`Rename to ${trimmed}`, (draft) => {
      const element = [...(draft.contexts ?? []), ...draft.nodes, ...(draft.sagas ?? [])].find(
        (e) => e.id === id,
      );
      if (element !== undefined) element.name = trimmed;
    });
  },
  /** Adds a saga (edited in the inspector: style, orchestrator, ordered steps) and selects it. */
  addSaga(): void {
    let id = '';
    useEditor.getState().change('Add saga', (draft) => {
      id = freshId(draft, 'saga');
      draft.sagas ??= [];
      draft.sagas.push({ id, name: `Saga ${draft.sagas.length + 1}`, style: 'orchestrated', steps: [] });
    });
    if (id !== '') useEditor.getState().select([id]);
  },
  /** Connects two nodes with an edge of `kind`; refuses kinds that do not fit, with a message. */
  connect(from: string, to: string, kind: EdgeKind): boolean {
    const model = useEditor.getState().model;
    const a = model?.nodes.find((n) => n.id === from);
    const b = model?.nodes.find((n) => n.id === to);
    if (model === undefined || a === undefined || b === undefined) return false;
    if (!edgeKindsBetween(a.kind, b.kind).includes(kind)) {
      useEditor
        .getState()
        .say(`A ${kind} edge cannot go from ${withArticle(a.kind)} to ${withArticle(b.kind)}.`);
      return false;
    }
    const extra: Record<EdgeKind, Record<string, unknown>> = {
      sync: { protocol: 'rest' },
      route: {},
      publish: {},
      subscribe: {},
      data: { access: 'readwrite' },
    };
    return (
      useEditor.getState().change(`Connect ${a.name} to ${b.name}`, (draft) => {
        draft.edges.push({
          id: freshId(draft, kind),
          kind,
          from,
          to,
          ...extra[kind],
        } as Model['edges'][number]);
      }).length === 0
    );
  },
  /** Deletes elements, the edges that touch deleted nodes, and empties contexts that go. */
  remove(ids: string[]): void {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    useEditor.getState().change('Delete', (draft) => {
      draft.nodes = draft.nodes.filter((n) => !gone.has(n.id));
      draft.edges = draft.edges.filter((e) => !gone.has(e.id) && !gone.has(e.from) && !gone.has(e.to));
      if (draft.contexts !== undefined) {
        draft.contexts = draft.contexts.filter((c) => !gone.has(c.id));
        for (const node of draft.nodes)
          if (node.context !== undefined && gone.has(node.context)) delete node.context;
      }
      if (draft.sagas !== undefined) draft.sagas = draft.sagas.filter((s) => !gone.has(s.id));
    });
    useEditor.getState().select([]);
  },
  /** Applies a finding's fix as one undoable step; what it adds is placed near what it is about. */
  applyFinding(finding: Finding): void {
    useEditor.getState().change(finding.fix?.title ?? 'Fix', (draft) => {
      const fixed = applyFix(draft, finding);
      const anchor = fixed.nodes.find((n) => n.id === finding.elements[0])?.position ??
        fixed.contexts?.find((c) => c.id === finding.elements[0])?.position ?? { x: 0, y: 0 };
      let k = 0;
      for (const node of fixed.nodes)
        if (node.position === undefined) node.position = { x: anchor.x + 40 * k, y: anchor.y + 110 * ++k };
      let c = 0;
      for (const context of fixed.contexts ?? []) {
        if (context.position !== undefined) continue;
        context.position = { x: anchor.x + 480 * ++c, y: anchor.y };
        context.size = { width: 300, height: 160 };
        const member = fixed.nodes.find((n) => n.context === context.id);
        if (member !== undefined)
          member.position = { x: context.position.x + 60, y: context.position.y + 60 };
      }
      return fixed;
    });
  },
};
