import {
  API_STYLES,
  BROKERS,
  count,
  DATA_ACCESS,
  DATASTORE_ENGINES,
  type EdgeKind,
  edgeHeading,
  edgeKindName,
  edgeKindsBetween,
  elementName,
  HTTP_METHODS,
  type Model,
  type NodeKind,
  nodeNames,
  type Observed,
} from '@meshplan/model';
import { memo, useId, useMemo, useRef, useState } from 'react';
import { FAILABLE_KINDS } from '../impact/impact.js';
import { useCommands } from '../store/commands.js';
import { canEdit, selectableWithId, useEditor, useEditorStore, useIdleContent } from '../store/editor.js';
import {
  type Autoscale,
  AutoscaleFields,
  CheckField,
  type Choice,
  EnvField,
  JsonField,
  ListField,
  NumberField,
  SelectField,
  TextField,
} from './fields.js';

type Any = Record<string, unknown>;

/** At most this long after an edit, the inspector shows it (sooner once the browser is idle). */
const INSPECTOR_LAG_MS = 100;

/** Every field the model format has for the selected element. */
export function Inspector() {
  const selection = useEditor((s) => s.selection);
  // The fields follow the model once the canvas has painted an edit: a rename at 1,000 services
  // re-renders some sixty of them, which would otherwise stand between the key and the canvas (a
  // menu or a checkbox shows the person's choice meanwhile, see `useChosen`). Positions are not
  // edited here: a drag does not re-render the inspector.
  const model = useIdleContent(INSPECTOR_LAG_MS);
  const store = useEditorStore();
  const id = selection.length === 1 ? selection[0] : undefined;
  const inModel = useMemo(
    () => (id === undefined ? undefined : (selectableWithId(model, id) as Any | undefined)),
    [model, id],
  );
  // An element added and selected in one step is not there yet: read from the model as it is now.
  const found =
    inModel ??
    (id === undefined ? undefined : (selectableWithId(store.getState().content, id) as Any | undefined));
  const shown = useRef<Any | undefined>(undefined);
  const element = useMemo(() => {
    shown.current = sameUnlessMoved(shown.current, found);
    return shown.current;
  }, [found]);
  return (
    <section className="panel inspector" aria-label="Inspector" data-testid="inspector">
      <h2>Inspector</h2>
      {element === undefined || id === undefined ? (
        <ModelFields model={model} />
      ) : (
        <ElementFields key={id} id={id} element={element} model={model} />
      )}
    </section>
  );
}

/** Where an element is drawn: the inspector shows neither. */
const PLACE = new Set(['position', 'size']);

/**
 * `previous` when `next` is the same element changed only in its place (moved by the arrow keys,
 * say), else `next`: a move then re-renders none of the inspector's fields. The fields change the
 * model by path (`setField`), never by writing back the element they were given.
 */
function sameUnlessMoved(previous: Any | undefined, next: Any | undefined): Any | undefined {
  if (previous === undefined || next === undefined || previous === next || previous.id !== next.id)
    return next;
  const keys = Object.keys(next);
  if (keys.length !== Object.keys(previous).length) return next;
  for (const key of keys)
    if (!PLACE.has(key) && (!Object.hasOwn(previous, key) || previous[key] !== next[key])) return next;
  return previous;
}

/**
 * Controls that change the model, disabled where nothing may change (a view link, an earlier
 * revision). What only selects or shows (connections, sagas) stays outside, usable by everyone.
 */
function Editable({ children }: { children: React.ReactNode }) {
  const editable = useEditor(canEdit);
  return (
    <fieldset className="plain" disabled={!editable}>
      {children}
    </fieldset>
  );
}

const ModelFields = memo(function ModelFields({ model }: { model: Model }) {
  const commands = useCommands();
  const store = useEditorStore();
  const change = (key: 'name' | 'description') => (value: string | undefined) =>
    commands.setModelField(key, value);
  return (
    <>
      <p className="muted">Select an element to edit it. The model:</p>
      <Editable>
        <TextField label="Model name" value={model.name} commit={change('name')} optional={false} />
        <TextField label="Description" value={model.description} commit={change('description')} multiline />
      </Editable>
      <h3>Sagas</h3>
      {(model.sagas ?? []).length === 0 ? <p className="muted">None yet.</p> : null}
      <ul className="saga-list">
        {(model.sagas ?? []).map((saga) => (
          <li key={saga.id}>
            <button type="button" onClick={() => store.getState().select([saga.id])}>
              {saga.name} ({count(saga.steps.length, 'step')})
            </button>
          </li>
        ))}
      </ul>
      <Editable>
        <button type="button" data-testid="add-saga" onClick={() => commands.addSaga()}>
          Add saga
        </button>
      </Editable>
    </>
  );
});

/** Elements to choose from, by name (what a person reads), storing the id. */
function choices(elements: readonly { id: string; name?: unknown }[]): Choice[] {
  return elements.map((element) => ({ value: element.id, label: elementName(element) }));
}

/** "Service", "Bounded context", "Sync call: Orders → Payments": the element in words. */
function headingOf(kind: string, element: Any, model: Model): string {
  if ('from' in element)
    return edgeHeading({ kind, from: String(element.from), to: String(element.to) }, nodeNames(model));
  if (kind === 'context') return 'Bounded context';
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

const ElementFields = memo(function ElementFields({
  id,
  element,
  model,
}: {
  id: string;
  element: Any;
  model: Model;
}) {
  const commands = useCommands();
  const kind = (element.kind as string | undefined) ?? ('steps' in element ? 'saga' : 'context');
  const isEdge = 'from' in element;
  const heading = headingOf(kind, element, model);
  const label = `Edit ${isEdge ? heading : elementName({ id, name: element.name })}`;
  const set = (path: (string | number)[], value: unknown) => commands.setField(id, label, path, value);
  const contexts = choices(model.contexts ?? []);
  return (
    <>
      <p className="element-kind" data-testid="element-heading">
        {heading}
      </p>
      {FAILABLE_KINDS.has(kind as NodeKind) ? (
        <button
          type="button"
          className="what-if"
          data-testid="what-if-fails"
          onClick={() => commands.whatIfFails(id)}
        >
          What if this fails?
        </button>
      ) : null}
      <Editable>
        {!isEdge ? (
          <TextField
            label="Name"
            value={element.name as string}
            commit={(v) => set(['name'], v ?? '')}
            optional={false}
            testId="field-name"
          />
        ) : null}
        <TextField
          label="Description"
          value={element.description as string | undefined}
          commit={(v) => set(['description'], v)}
          multiline
        />
        {kind === 'context' || (!isEdge && kind !== 'saga') ? (
          <TextField
            label="Team"
            value={element.team as string | undefined}
            commit={(v) => set(['team'], v)}
          />
        ) : null}
        {!isEdge && kind !== 'context' && kind !== 'saga' ? (
          <SelectField
            label="Bounded context"
            value={element.context as string | undefined}
            options={contexts}
            testId="field-context"
            commit={(v) => set(['context'], v)}
          />
        ) : null}
        {kind === 'context' || kind === 'service' ? (
          <>
            <ListField
              label="Responsibilities"
              value={element.responsibilities as string[] | undefined}
              commit={(v) => set(['responsibilities'], v)}
            />
            <ListField
              label="Entities"
              value={element.entities as string[] | undefined}
              commit={(v) => set(['entities'], v)}
            />
          </>
        ) : null}
        {kind === 'service' ? <ServiceFields element={element} set={set} /> : null}
        {kind === 'datastore' ? (
          <SelectField
            label="Engine"
            value={element.engine as string}
            options={DATASTORE_ENGINES}
            commit={(v) => set(['engine'], v)}
          />
        ) : null}
        {kind === 'gateway' ? (
          <TextField
            label="Product"
            value={element.product as string | undefined}
            commit={(v) => set(['product'], v)}
          />
        ) : null}
        {kind === 'topic' ? <TopicFields element={element} set={set} /> : null}
        {isEdge ? <EdgeFields element={element} set={set} /> : null}
      </Editable>
      {!isEdge && kind !== 'saga' && kind !== 'context' ? <Connections id={id} model={model} /> : null}
      {kind === 'saga' ? (
        <Editable>
          <SagaFields element={element} set={set} model={model} />
        </Editable>
      ) : null}
    </>
  );
});

type Set = (path: (string | number)[], value: unknown) => string[];

/**
 * The node's edges, each a button that selects it, and a form that connects it to another node
 * by name: everything the mouse does by dragging between handles, from the keyboard.
 */
const Connections = memo(function Connections({ id, model }: { id: string; model: Model }) {
  const commands = useCommands();
  const store = useEditorStore();
  const names = nodeNames(model);
  const self = model.nodes.find((n) => n.id === id);
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<EdgeKind | ''>('');
  const targetNode = model.nodes.find((n) => n.id === target);
  const kinds = self && targetNode ? edgeKindsBetween(self.kind, targetNode.kind) : [];
  const chosenKind = kind !== '' && kinds.includes(kind) ? kind : kinds[0];
  const edges = model.edges.filter((e) => e.from === id || e.to === id);
  const targetId = useId();
  const kindId = useId();
  return (
    <>
      <h3>Connections</h3>
      {edges.length === 0 ? <p className="muted">None yet.</p> : null}
      <ul className="connections">
        {edges.map((edge) => (
          <li key={edge.id}>
            <button type="button" onClick={() => store.getState().select([edge.id])}>
              {edge.from === id
                ? `${edgeKindName(edge.kind)} → ${names.get(edge.to) ?? edge.to}`
                : `${edgeKindName(edge.kind)} ← ${names.get(edge.from) ?? edge.from}`}
            </button>
          </li>
        ))}
      </ul>
      <Editable>
        <form
          className="connect-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (targetNode === undefined || chosenKind === undefined) return;
            if (commands.connect(id, targetNode.id, chosenKind)) setTarget('');
          }}
        >
          <div className="field">
            <label htmlFor={targetId}>Connect to</label>
            <select
              id={targetId}
              value={target}
              data-testid="connect-target"
              onChange={(e) => setTarget(e.target.value)}
            >
              <option value="">—</option>
              {model.nodes
                .filter((n) => n.id !== id)
                .map((n) => (
                  <option key={n.id} value={n.id}>
                    {elementName(n)} ({n.kind})
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={kindId}>As</label>
            <select
              id={kindId}
              value={chosenKind ?? ''}
              data-testid="connect-kind"
              disabled={kinds.length === 0}
              onChange={(e) => setKind(e.target.value as EdgeKind)}
            >
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {edgeKindName(k)}
                </option>
              ))}
            </select>
          </div>
          {targetNode !== undefined && kinds.length === 0 ? (
            <p className="field-error" role="alert">
              Nothing connects a {self?.kind} to a {targetNode.kind}.
            </p>
          ) : null}
          <button type="submit" data-testid="connect-submit" disabled={chosenKind === undefined}>
            Connect
          </button>
        </form>
      </Editable>
    </>
  );
});

function ServiceFields({ element, set }: { element: Any; set: Set }) {
  const api = (element.api ?? {}) as Any;
  const runtime = (element.runtime ?? {}) as Any;
  const observability = (element.observability ?? {}) as Any;
  const endpoints = (api.endpoints ?? []) as Any[];
  return (
    <>
      <h3>API</h3>
      <SelectField
        label="Style"
        value={api.style as string | undefined}
        options={API_STYLES}
        commit={(v) => set(['api'], v === undefined ? undefined : { ...api, style: v })}
      />
      {api.style !== undefined ? (
        <>
          <TextField
            label="Version"
            value={api.version as string | undefined}
            commit={(v) => set(['api', 'version'], v)}
            testId="field-api-version"
          />
          <table className="endpoints" aria-label="Endpoints">
            <thead>
              <tr>
                <th>Method</th>
                <th>Path</th>
                <th>Summary</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {endpoints.map((endpoint, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: endpoints and steps have no ids; their place is their identity
                <tr key={`${i}:${String(endpoint.path)}`} data-testid={`endpoint-${i}`}>
                  <td>
                    <SelectField
                      label={`Method ${i + 1}`}
                      value={endpoint.method as string | undefined}
                      options={HTTP_METHODS}
                      commit={(v) => set(['api', 'endpoints', i, 'method'], v)}
                    />
                  </td>
                  <td>
                    <TextField
                      label={`Path ${i + 1}`}
                      value={endpoint.path as string}
                      commit={(v) => set(['api', 'endpoints', i, 'path'], v ?? '')}
                      optional={false}
                      testId={`endpoint-path-${i}`}
                    />
                  </td>
                  <td>
                    <TextField
                      label={`Summary ${i + 1}`}
                      value={endpoint.summary as string | undefined}
                      commit={(v) => set(['api', 'endpoints', i, 'summary'], v)}
                    />
                  </td>
                  <td>
                    <NumberField
                      label={`Status ${i + 1}`}
                      value={endpoint.status as number | undefined}
                      commit={(v) => set(['api', 'endpoints', i, 'status'], v)}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Remove endpoint ${i + 1}`}
                      onClick={() =>
                        set(
                          ['api', 'endpoints'],
                          endpoints.filter((_, k) => k !== i),
                        )
                      }
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {endpoints.map((endpoint, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: endpoints and steps have no ids; their place is their identity
            <details key={`schemas-${i}:${String(endpoint.path)}`}>
              <summary>
                Schemas of {String(endpoint.method ?? '')} {String(endpoint.path)}
              </summary>
              <JsonField
                label="Request schema (JSON)"
                value={endpoint.request}
                commit={(v) => set(['api', 'endpoints', i, 'request'], v)}
              />
              <JsonField
                label="Response schema (JSON)"
                value={endpoint.response}
                commit={(v) => set(['api', 'endpoints', i, 'response'], v)}
              />
            </details>
          ))}
          <button
            type="button"
            data-testid="add-endpoint"
            onClick={() =>
              set(
                ['api', 'endpoints'],
                [...endpoints, { method: 'GET', path: `/${api.version ?? 'v1'}/items`, status: 200 }],
              )
            }
          >
            Add endpoint
          </button>
        </>
      ) : null}
      <h3>Runtime</h3>
      <TextField
        label="Image"
        value={runtime.image as string | undefined}
        commit={(v) => set(['runtime', 'image'], v)}
      />
      <NumberField
        label="Port"
        value={runtime.port as number | undefined}
        commit={(v) => set(['runtime', 'port'], v)}
      />
      <NumberField
        label="Replicas"
        value={runtime.replicas as number | undefined}
        commit={(v) => set(['runtime', 'replicas'], v)}
      />
      <TextField
        label="CPU request"
        value={runtime.cpu as string | undefined}
        commit={(v) => set(['runtime', 'cpu'], v)}
      />
      <TextField
        label="Memory request"
        value={runtime.memory as string | undefined}
        commit={(v) => set(['runtime', 'memory'], v)}
      />
      <TextField
        label="CPU limit"
        value={runtime.cpuLimit as string | undefined}
        commit={(v) => set(['runtime', 'cpuLimit'], v)}
      />
      <TextField
        label="Memory limit"
        value={runtime.memoryLimit as string | undefined}
        commit={(v) => set(['runtime', 'memoryLimit'], v)}
      />
      <TextField
        label="Health path"
        value={runtime.health as string | undefined}
        commit={(v) => set(['runtime', 'health'], v)}
      />
      <TextField
        label="Readiness path"
        value={runtime.readiness as string | undefined}
        commit={(v) => set(['runtime', 'readiness'], v)}
      />
      <EnvField
        label="Environment"
        value={runtime.env as Record<string, string> | undefined}
        commit={(v) => set(['runtime', 'env'], v)}
      />
      <AutoscaleFields
        value={runtime.autoscale as Autoscale | undefined}
        replicas={runtime.replicas as number | undefined}
        commit={(v) => set(['runtime', 'autoscale'], v)}
      />
      <h3>Observability</h3>
      <CheckField
        label="Tracing"
        value={observability.tracing as boolean | undefined}
        commit={(v) => set(['observability', 'tracing'], v)}
      />
      <CheckField
        label="Metrics"
        value={observability.metrics as boolean | undefined}
        commit={(v) => set(['observability', 'metrics'], v)}
      />
      <CheckField
        label="Logging"
        value={observability.logging as boolean | undefined}
        commit={(v) => set(['observability', 'logging'], v)}
      />
    </>
  );
}

function TopicFields({ element, set }: { element: Any; set: Set }) {
  return (
    <>
      <SelectField
        label="Broker"
        value={element.broker as string}
        options={BROKERS}
        commit={(v) => set(['broker'], v)}
      />
      <JsonField
        label="Messages (JSON array of { name, version?, payload? })"
        value={element.messages}
        commit={(v) => set(['messages'], v)}
      />
    </>
  );
}

function EdgeFields({ element, set }: { element: Any; set: Set }) {
  const resilience = (element.resilience ?? {}) as Any;
  return (
    <>
      {/* What runs first: the figures a reviewer weighs the edge's settings against. */}
      {element.observed ? <ObservedFigures observed={element.observed as Observed} /> : null}
      {element.kind === 'sync' ? (
        <>
          <SelectField
            label="Protocol"
            value={element.protocol as string}
            options={API_STYLES}
            commit={(v) => set(['protocol'], v)}
          />
          <ListField
            label="Operations"
            value={element.operations as string[] | undefined}
            commit={(v) => set(['operations'], v)}
          />
          <h3>Resilience</h3>
          <NumberField
            label="Timeout (ms)"
            value={resilience.timeoutMs as number | undefined}
            commit={(v) => set(['resilience', 'timeoutMs'], v)}
          />
          <NumberField
            label="Retries"
            value={resilience.retries as number | undefined}
            commit={(v) => set(['resilience', 'retries'], v)}
          />
          <CheckField
            label="Circuit breaker"
            value={resilience.circuitBreaker as boolean | undefined}
            commit={(v) => set(['resilience', 'circuitBreaker'], v)}
          />
        </>
      ) : null}
      {element.kind === 'data' ? (
        <SelectField
          label="Access"
          value={element.access as string}
          options={DATA_ACCESS}
          commit={(v) => set(['access'], v)}
        />
      ) : null}
      {element.kind === 'route' ? (
        <ListField
          label="Paths"
          value={element.paths as string[] | undefined}
          commit={(v) => set(['paths'], v)}
        />
      ) : null}
      {element.kind === 'publish' || element.kind === 'subscribe' ? (
        <ListField
          label="Messages"
          value={element.messages as string[] | undefined}
          commit={(v) => set(['messages'], v)}
        />
      ) : null}
    </>
  );
}

/** A millisecond figure as people read it: `0.42 ms`, `12 ms`, `1.5 s`. */
function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
  return `${ms.toLocaleString('en-US', { maximumFractionDigits: ms < 10 ? 2 : 0 })} ms`;
}

/** What tracing saw on this edge (an import of traces, or an adopted observed call): read-only. */
function ObservedFigures({ observed }: { observed: Observed }) {
  const errorShare = observed.calls > 0 ? observed.errors / observed.calls : 0;
  return (
    <section className="observed-figures" data-testid="observed-figures" aria-label="What tracing saw">
      <h3>Seen running</h3>
      <dl>
        <dt>Calls</dt>
        <dd>{observed.calls.toLocaleString('en-US')}</dd>
        <dt>Errors</dt>
        <dd>
          {observed.errors.toLocaleString('en-US')}
          {observed.errors > 0
            ? ` (${(errorShare * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%)`
            : ''}
        </dd>
        <dt>Latency</dt>
        <dd>
          p50 {duration(observed.p50Ms)}, p99 {duration(observed.p99Ms)}
        </dd>
        <dt>Between</dt>
        <dd>
          <time dateTime={observed.from}>
            {observed.from.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}
          </time>{' '}
          and{' '}
          <time dateTime={observed.to}>{observed.to.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time>
        </dd>
      </dl>
    </section>
  );
}

function SagaFields({ element, set, model }: { element: Any; set: Set; model: Model }) {
  const services = choices(model.nodes.filter((n) => n.kind === 'service'));
  const steps = (element.steps ?? []) as Any[];
  return (
    <>
      <SelectField
        label="Style"
        value={element.style as string}
        options={['orchestrated', 'choreographed']}
        commit={(v) => set(['style'], v)}
      />
      <SelectField
        label="Orchestrator"
        value={element.orchestrator as string | undefined}
        options={services}
        commit={(v) => set(['orchestrator'], v)}
      />
      <h3>Steps, in order</h3>
      {steps.map((step, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: endpoints and steps have no ids; their place is their identity
        <fieldset key={`${i}:${String(step.action)}`}>
          <legend>Step {i + 1}</legend>
          <SelectField
            label="Service"
            value={step.service as string}
            options={services}
            commit={(v) => set(['steps', i, 'service'], v)}
          />
          <TextField
            label="Action"
            value={step.action as string}
            commit={(v) => set(['steps', i, 'action'], v ?? '')}
            optional={false}
          />
          <TextField
            label="Compensation"
            value={step.compensation as string | undefined}
            commit={(v) => set(['steps', i, 'compensation'], v)}
          />
          <CheckField
            label="Pivot"
            value={step.pivot as boolean | undefined}
            commit={(v) => set(['steps', i, 'pivot'], v || undefined)}
          />
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() => set(['steps'], [...steps, { service: services[0]?.value ?? '', action: 'New step' }])}
        disabled={services.length === 0}
      >
        Add step
      </button>
    </>
  );
}
