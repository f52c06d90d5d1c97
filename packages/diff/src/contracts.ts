import { type DiffItem, describeDiff, diffModels, jsonEqual } from '@meshplan/collab';
import { type Endpoint, HTTP_METHODS, type Message, type Model, type Node, nodeNames } from '@meshplan/model';
import {
  compareSchemas,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_VISITS,
  type SchemaChange,
  type SchemaRoot,
} from './schema.js';

export type ChangeSeverity = 'breaking' | 'non-breaking' | 'info';

/** One change, as diff.md's JSON has it. */
export interface ContractChange {
  /** A stable kebab-case identifier (`response-property-removed`, `endpoint-removed`, ...). */
  kind: string;
  severity: ChangeSeverity;
  /** The node that owns the contract (or the element that changed, for `info`). */
  element: string;
  /** `METHOD /path`, the path for gRPC/GraphQL, `topicId/MessageName`, or a node id. */
  contract: string;
  /** Where in the contract: `response.properties.totalAmount`, `path`, `status`, ... */
  location: string;
  message: string;
  /** The elements the change breaks (empty unless `breaking`). */
  consumers: string[];
  /** The consumers, then whoever reaches them by sync, route or subscribe edges. */
  impacted: string[];
}

export interface ContractDiff {
  changes: ContractChange[];
  summary: { breaking: number; nonBreaking: number; info: number };
}

export interface DiffContractsOptions {
  /** List changes that are not contract changes too (`severity: "info"`), as `--all` does. */
  all?: boolean;
}

/** Path parameter names do not matter to a caller: `/v1/orders/{id}` = `/v1/orders/{orderId}`. */
export function normalisePath(path: string): string {
  return path.replace(/\{[^{}/]*\}/g, '{}');
}

const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/** `"GET /v1/orders/{id}"` → method and path; a string without a method is a path (gRPC, GraphQL). */
export function parseOperation(operation: string): { method?: string; path: string } {
  const trimmed = operation.trim();
  const space = trimmed.search(/\s/);
  if (space > 0) {
    const method = trimmed.slice(0, space).toUpperCase();
    if (METHODS.has(method)) return { method, path: trimmed.slice(space).trim() };
  }
  return { path: trimmed };
}

const endpointKey = (endpoint: { method?: string; path: string }) =>
  `${endpoint.method ?? ''} ${normalisePath(endpoint.path)}`;

/** `METHOD /path` for an endpoint, the path alone for gRPC and GraphQL. */
export function contractOf(endpoint: { method?: string; path: string }): string {
  return endpoint.method === undefined ? endpoint.path : `${endpoint.method} ${endpoint.path}`;
}

/** A path segment like `v1`, `v2beta1`: what `unversioned-api` looks for too. */
const VERSION_SEGMENT = /(?:^|\/)v\d+(?:[a-z]+\d*)?(?:\/|$)/i;

interface Dependants {
  /** sync and route edges into a node, in model order: caller and the operations it lists. */
  callers: Map<string, { from: string; operations?: { method?: string; path: string }[] }[]>;
  /** subscribe edges out of a topic. */
  subscribers: Map<string, { node: string; messages?: string[] }[]>;
  /** publish edges into a topic. */
  publishers: Map<string, { node: string; messages?: string[] }[]>;
}

function dependantsOf(model: Model): Dependants {
  const result: Dependants = { callers: new Map(), subscribers: new Map(), publishers: new Map() };
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  };
  for (const edge of model.edges) {
    if (edge.kind === 'sync') {
      const operations = edge.operations?.length ? edge.operations.map(parseOperation) : undefined;
      push(result.callers, edge.to, { from: edge.from, ...(operations ? { operations } : {}) });
    } else if (edge.kind === 'route') {
      push(result.callers, edge.to, { from: edge.from });
    } else if (edge.kind === 'subscribe') {
      push(result.subscribers, edge.from, {
        node: edge.to,
        ...(edge.messages?.length ? { messages: edge.messages } : {}),
      });
    } else if (edge.kind === 'publish') {
      push(result.publishers, edge.to, {
        node: edge.from,
        ...(edge.messages?.length ? { messages: edge.messages } : {}),
      });
    }
  }
  return result;
}

/** Who reaches a node by sync, route or subscribe edges: the reverse graph of the new model. */
function reachersOf(model: Model): Map<string, string[]> {
  const reverse = new Map<string, string[]>();
  for (const edge of model.edges) {
    if (edge.kind !== 'sync' && edge.kind !== 'route' && edge.kind !== 'subscribe') continue;
    const list = reverse.get(edge.to);
    if (list === undefined) reverse.set(edge.to, [edge.from]);
    else list.push(edge.from);
  }
  return reverse;
}

type Verdict = 'breaking' | 'non-breaking';

/** What a schema change does to the readers (and, for payloads, the writers) of a contract. */
function schemaVerdict(root: SchemaRoot, change: SchemaChange): { readers: Verdict; writers?: Verdict } {
  if (root === 'request') {
    switch (change.kind) {
      case 'property-added':
        return { readers: change.required === true ? 'breaking' : 'non-breaking' };
      case 'property-made-required':
      case 'type-changed':
      case 'type-narrowed':
      case 'enum-value-removed':
        return { readers: 'breaking' };
      default:
        return { readers: 'non-breaking' };
    }
  }
  // A response or a payload: the owner writes it, consumers read it.
  const writers: Verdict | undefined =
    // Publishers break on a required field they do not know of; one made required they know.
    root === 'payload' && change.kind === 'property-added' && change.required === true
      ? 'breaking'
      : undefined;
  switch (change.kind) {
    case 'property-removed':
    case 'property-made-optional':
    case 'type-changed':
    case 'type-widened':
    case 'enum-value-added':
      return { readers: 'breaking' };
    default:
      return { readers: 'non-breaking', ...(writers ? { writers } : {}) };
  }
}

/** A list of names for a sentence: `"A"`, `"A" and "B"`, `"A", "B" and 3 more`. */
function nameList(ids: readonly string[], names: ReadonlyMap<string, string>): string {
  const quoted = ids.slice(0, 3).map((id) => JSON.stringify(names.get(id) ?? id));
  const more = ids.length - quoted.length;
  if (more > 0) return `${quoted.join(', ')} and ${more} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/**
 * Contract changes between two versions of a model (diff.md): every change to an endpoint or a
 * message judged breaking or not for the elements that depend on it, the consumers named, the
 * transitive impact, versioning advice in each breaking change's message; element changes that
 * touch no contract are listed as `info` with `all`.
 */
export function diffContracts(before: Model, after: Model, options: DiffContractsOptions = {}): ContractDiff {
  const engine = new ContractEngine(before, after);
  engine.run();
  const all = options.all === true;
  const contractChanges = all
    ? engine.changes
    : engine.changes.filter((change) => change.severity !== 'info');
  const info = all ? elementChanges(before, after) : [];
  const order: Record<ChangeSeverity, number> = { breaking: 0, 'non-breaking': 1, info: 2 };
  const changes = [...contractChanges, ...info].sort((a, b) => order[a.severity] - order[b.severity]);
  return { changes, summary: summarise(changes) };
}

export function summarise(changes: readonly ContractChange[]): ContractDiff['summary'] {
  const summary = { breaking: 0, nonBreaking: 0, info: 0 };
  for (const change of changes) {
    if (change.severity === 'breaking') summary.breaking++;
    else if (change.severity === 'non-breaking') summary.nonBreaking++;
    else summary.info++;
  }
  return summary;
}

class ContractEngine {
  readonly changes: ContractChange[] = [];
  private readonly dependants: Dependants;
  private readonly alive: Set<string>;
  private readonly namesBefore: Map<string, string>;
  private readonly namesAfter: Map<string, string>;
  private reachers: Map<string, string[]> | undefined;
  private readonly impactMemo = new Map<string, string[]>();

  constructor(
    private readonly before: Model,
    private readonly after: Model,
  ) {
    this.dependants = dependantsOf(before);
    this.alive = new Set(after.nodes.map((node) => node.id));
    this.namesBefore = nodeNames(before);
    this.namesAfter = nodeNames(after);
  }

  run(): void {
    const afterById = new Map<string, Node>(this.after.nodes.map((node) => [node.id, node]));
    for (const old of this.before.nodes) {
      const current = afterById.get(old.id);
      if (old.kind === 'service') {
        if (current?.kind !== 'service') this.serviceRemoved(old);
        else if (!jsonEqual(old.api, current.api)) this.compareApis(old, current);
      } else if (old.kind === 'topic') {
        if (current?.kind !== 'topic') this.topicRemoved(old);
        else if (!jsonEqual(old.messages, current.messages)) this.compareMessages(old, current);
      }
    }
  }

  private name(id: string): string {
    return JSON.stringify(this.namesAfter.get(id) ?? this.namesBefore.get(id) ?? id);
  }

  /** Consumers still in the new model, without repeats, in the old model's edge order. */
  private living(ids: Iterable<string>): string[] {
    const result: string[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id) || !this.alive.has(id)) continue;
      seen.add(id);
      result.push(id);
    }
    return result;
  }

  private impactOf(consumers: readonly string[]): string[] {
    const key = consumers.join('\u0000');
    const known = this.impactMemo.get(key);
    if (known !== undefined) return known;
    this.reachers ??= reachersOf(this.after);
    const impacted = [...consumers];
    const seen = new Set(consumers);
    for (let i = 0; i < impacted.length; i++) {
      for (const from of this.reachers.get(impacted[i] as string) ?? []) {
        if (seen.has(from)) continue;
        seen.add(from);
        impacted.push(from);
      }
    }
    this.impactMemo.set(key, impacted);
    return impacted;
  }

  /**
   * Records a change. One that the table calls breaking is breaking only for somebody: without a
   * consumer in the model it is listed as non-breaking, and says so.
   */
  private add(
    change: Omit<ContractChange, 'severity' | 'consumers' | 'impacted'>,
    verdict: Verdict,
    consumers: readonly string[],
    advice?: string,
  ): void {
    if (verdict === 'breaking' && consumers.length > 0) {
      this.changes.push({
        ...change,
        severity: 'breaking',
        message: advice === undefined ? change.message : `${change.message}; ${advice}`,
        consumers: [...consumers],
        impacted: this.impactOf(consumers),
      });
      return;
    }
    const message =
      verdict === 'breaking' ? `${change.message}; nothing in the model depends on it` : change.message;
    this.changes.push({ ...change, message, severity: 'non-breaking', consumers: [], impacted: [] });
  }

  private callersOf(serviceId: string, endpoint?: { method?: string; path: string }): string[] {
    const key = endpoint === undefined ? undefined : normalisePath(endpoint.path);
    const callers = (this.dependants.callers.get(serviceId) ?? []).filter(
      (caller) =>
        endpoint === undefined ||
        caller.operations === undefined ||
        caller.operations.some(
          (operation) =>
            normalisePath(operation.path) === key &&
            (operation.method === undefined ||
              endpoint.method === undefined ||
              operation.method === endpoint.method),
        ),
    );
    return this.living(callers.map((caller) => caller.from));
  }

  private serviceRemoved(old: Node & { kind: 'service' }): void {
    const callers = this.callersOf(old.id);
    this.add(
      {
        kind: 'service-removed',
        element: old.id,
        contract: old.id,
        location: '',
        message:
          callers.length > 0
            ? `${this.name(old.id)} is removed, and ${nameList(callers, this.namesAfter)} still ${callers.length === 1 ? 'calls' : 'call'} it`
            : `${this.name(old.id)} is removed`,
      },
      'breaking',
      callers,
      'keep it running until its callers have moved',
    );
  }

  private topicRemoved(old: Node & { kind: 'topic' }): void {
    const subscribers = this.living((this.dependants.subscribers.get(old.id) ?? []).map((s) => s.node));
    this.add(
      {
        kind: 'topic-removed',
        element: old.id,
        contract: old.id,
        location: '',
        message:
          subscribers.length > 0
            ? `Topic ${this.name(old.id)} is removed, and ${nameList(subscribers, this.namesAfter)} still ${subscribers.length === 1 ? 'consumes' : 'consume'} it`
            : `Topic ${this.name(old.id)} is removed`,
      },
      'breaking',
      subscribers,
      'keep the topic until its subscribers have moved',
    );
  }

  private compareApis(old: Node & { kind: 'service' }, current: Node & { kind: 'service' }): void {
    const styleBefore = old.api?.style;
    const styleAfter = current.api?.style;
    if (styleBefore !== undefined && styleAfter !== undefined && styleBefore !== styleAfter) {
      const callers = this.callersOf(old.id);
      this.add(
        {
          kind: 'api-style-changed',
          element: old.id,
          contract: old.id,
          location: 'api.style',
          message: `The API of ${this.name(old.id)} changes from ${styleBefore} to ${styleAfter}`,
        },
        'breaking',
        callers,
        `keep the ${styleBefore} API beside the ${styleAfter} one until its callers have moved`,
      );
      return;
    }
    const versionBefore = old.api?.version;
    const versionAfter = current.api?.version;
    const endpointsBefore = old.api?.endpoints ?? [];
    const endpointsAfter = current.api?.endpoints ?? [];
    const keysBefore = new Map<string, Endpoint>();
    for (const endpoint of endpointsBefore)
      if (!keysBefore.has(endpointKey(endpoint))) keysBefore.set(endpointKey(endpoint), endpoint);
    const keysAfter = new Map<string, Endpoint>();
    for (const endpoint of endpointsAfter)
      if (!keysAfter.has(endpointKey(endpoint))) keysAfter.set(endpointKey(endpoint), endpoint);

    // Advice that depends on the API's versioning, added to each breaking change's message.
    const versioning = (advice: string, endpoint: { path: string }) => {
      if (versionBefore !== versionAfter && versionBefore !== undefined && versionAfter !== undefined)
        return `${advice}. api.version moves from ${versionBefore} to ${versionAfter}, but that does not keep ${versionBefore}'s consumers working: they must move, so serve the ${versionBefore} contract beside ${versionAfter} until they have`;
      if (
        versionAfter === undefined &&
        (current.api?.style ?? 'rest') === 'rest' &&
        !VERSION_SEGMENT.test(endpoint.path)
      )
        return `${advice} (the API has no version yet: set api.version or put /v1 in its paths, so that a /v2 can stand beside it)`;
      return advice;
    };

    const paired = new Set<string>();
    endpointsBefore.forEach((endpoint, index) => {
      const key = endpointKey(endpoint);
      if (keysBefore.get(key) !== endpoint) return;
      const same = keysAfter.get(key);
      if (same !== undefined) {
        paired.add(key);
        this.compareEndpoint(old.id, endpoint, same, versioning);
        return;
      }
      const callers = this.callersOf(old.id, endpoint);
      const contract = contractOf(endpoint);
      // The endpoint at the same place, if it is new, is this one with a new method or path.
      const there = endpointsAfter[index];
      const moved =
        there !== undefined && !keysBefore.has(endpointKey(there)) && !paired.has(endpointKey(there))
          ? there
          : undefined;
      if (moved !== undefined && (moved.method === endpoint.method || moved.path === endpoint.path)) {
        paired.add(endpointKey(moved));
        const what = moved.method === endpoint.method ? 'path' : 'method';
        this.add(
          {
            kind: `endpoint-${what}-changed`,
            element: old.id,
            contract,
            location: what,
            message: `${contract} of ${this.name(old.id)} becomes ${contractOf(moved)}${callers.length > 0 ? `, and ${nameList(callers, this.namesAfter)} ${callers.length === 1 ? 'calls' : 'call'} the old one` : ''}`,
          },
          'breaking',
          callers,
          versioning(
            `keep ${contract} beside ${contractOf(moved)} (a /v2 one) until its callers have moved`,
            endpoint,
          ),
        );
        this.compareEndpoint(old.id, endpoint, moved, versioning, true);
        return;
      }
      this.add(
        {
          kind: 'endpoint-removed',
          element: old.id,
          contract,
          location: '',
          message: `${contract} of ${this.name(old.id)} is removed${callers.length > 0 ? `, and ${nameList(callers, this.namesAfter)} ${callers.length === 1 ? 'calls' : 'call'} it` : ''}`,
        },
        'breaking',
        callers,
        versioning(
          `keep ${contract} beside its replacement (a /v2 endpoint) until its callers have moved`,
          endpoint,
        ),
      );
    });
    for (const [key, endpoint] of keysAfter) {
      if (keysBefore.has(key) || paired.has(key)) continue;
      this.add(
        {
          kind: 'endpoint-added',
          element: old.id,
          contract: contractOf(endpoint),
          location: '',
          message: `${contractOf(endpoint)} of ${this.name(old.id)} is new`,
        },
        'non-breaking',
        [],
      );
    }
  }

  private compareEndpoint(
    serviceId: string,
    before: Endpoint,
    after: Endpoint,
    versioning: (advice: string, endpoint: { path: string }) => string,
    moved = false,
  ): void {
    if (jsonEqual(before, after)) return;
    const contract = contractOf(before);
    const callers = this.callersOf(serviceId, before);
    const owner = this.name(serviceId);
    if (!moved && before.path !== after.path)
      this.changes.push({
        kind: 'endpoint-parameter-renamed',
        severity: 'info',
        element: serviceId,
        contract,
        location: 'path',
        message: `${contract} of ${owner} is written ${after.path} now (parameter names only: callers are not affected)`,
        consumers: [],
        impacted: [],
      });
    if (before.status !== undefined && after.status !== undefined && before.status !== after.status)
      this.add(
        {
          kind: 'success-status-changed',
          element: serviceId,
          contract,
          location: 'status',
          message: `${contract} of ${owner} answers ${after.status} instead of ${before.status}${callers.length > 0 ? `, which ${nameList(callers, this.namesAfter)} ${callers.length === 1 ? 'expects' : 'expect'}` : ''}`,
        },
        'breaking',
        callers,
        versioning(
          `keep answering ${before.status}, or answer ${after.status} from a /v2 endpoint beside this one`,
          before,
        ),
      );
    const documents = { before: this.before, after: this.after };
    for (const root of ['request', 'response'] as const) {
      if (jsonEqual(before[root], after[root])) continue;
      for (const change of compareSchemas(root, before[root], after[root], documents)) {
        const { readers } = schemaVerdict(root, change);
        const message = endpointSentence(
          root,
          change,
          contract,
          owner,
          nameList(callers, this.namesAfter),
          callers.length,
        );
        this.add(
          {
            kind: `${root}-${change.kind}`,
            element: serviceId,
            contract,
            location: change.location,
            message,
          },
          readers,
          callers,
          versioning(endpointAdvice(root, change), before),
        );
      }
    }
  }

  private compareMessages(old: Node & { kind: 'topic' }, current: Node & { kind: 'topic' }): void {
    const messagesBefore = old.messages ?? [];
    const messagesAfter = current.messages ?? [];
    // A message is matched by name and version first (a new version beside the old one is an
    // addition), then by name alone (a version changed in place).
    const unmatched = new Set(messagesAfter.map((_, i) => i));
    // Positions of the new messages by name, in order: matching stays linear in long lists.
    const byName = new Map<string, number[]>();
    messagesAfter.forEach((m, j) => {
      const list = byName.get(m.name);
      if (list === undefined) byName.set(m.name, [j]);
      else list.push(j);
    });
    const match = new Map<number, number>();
    const take = (i: number, j: number | undefined) => {
      if (j === undefined) return;
      match.set(i, j);
      unmatched.delete(j);
    };
    messagesBefore.forEach((message, i) => {
      const same = (j: number) =>
        unmatched.has(j) && (messagesAfter[j] as Message).version === message.version;
      take(i, byName.get(message.name)?.find(same));
    });
    messagesBefore.forEach((message, i) => {
      if (!match.has(i))
        take(
          i,
          byName.get(message.name)?.find((j) => unmatched.has(j)),
        );
    });
    const subscribersOf = (name: string) =>
      this.living(
        (this.dependants.subscribers.get(old.id) ?? [])
          .filter((s) => s.messages === undefined || s.messages.includes(name))
          .map((s) => s.node),
      );
    const publishersOf = (name: string) =>
      this.living(
        (this.dependants.publishers.get(old.id) ?? [])
          .filter((p) => p.messages === undefined || p.messages.includes(name))
          .map((p) => p.node),
      );
    const topic = this.name(old.id);
    messagesBefore.forEach((message, i) => {
      const contract = `${old.id}/${message.name}`;
      const j = match.get(i);
      const subscribers = subscribersOf(message.name);
      if (j === undefined) {
        this.add(
          {
            kind: 'message-removed',
            element: old.id,
            contract,
            location: '',
            message: `${message.name} is no longer published on ${topic}${subscribers.length > 0 ? `, and ${nameList(subscribers, this.namesAfter)} ${subscribers.length === 1 ? 'consumes' : 'consume'} it` : ''}`,
          },
          'breaking',
          subscribers,
          `keep publishing ${message.name} beside its replacement until its subscribers have moved`,
        );
        return;
      }
      const next = messagesAfter[j] as Message;
      if (jsonEqual(message, next)) return;
      const versionMoved = message.version !== next.version;
      const versioning = (advice: string) =>
        versionMoved
          ? `${advice}. Its version moves from ${message.version ?? 'none'} to ${next.version ?? 'none'} in place, which does not keep subscribers of the old version working: publish the new version beside the old one instead`
          : advice;
      const publishers = publishersOf(message.name);
      for (const change of compareSchemas('payload', message.payload, next.payload, {
        before: this.before,
        after: this.after,
      })) {
        const { readers, writers } = schemaVerdict('payload', change);
        const forWriters = writers === 'breaking';
        const consumers = forWriters ? publishers : subscribers;
        const message_ = payloadSentence(
          change,
          contract,
          nameList(consumers, this.namesAfter),
          consumers.length,
          forWriters,
        );
        this.add(
          {
            kind: `payload-${change.kind}`,
            element: old.id,
            contract,
            location: change.location,
            message: message_,
          },
          forWriters ? 'breaking' : readers,
          consumers,
          versioning(
            forWriters
              ? `make ${change.subject} optional, or add a new version of ${message.name} (version ${(message.version ?? 1) + 1}) beside this one`
              : `add a new version of ${message.name} (version ${(message.version ?? 1) + 1}) beside this one and keep publishing both until subscribers have moved`,
          ),
        );
      }
      if (versionMoved)
        this.changes.push({
          kind: 'message-version-changed',
          severity: 'info',
          element: old.id,
          contract,
          location: 'version',
          message: `${contract} moves from version ${message.version ?? 'none'} to ${next.version ?? 'none'}`,
          consumers: [],
          impacted: [],
        });
    });
    for (const j of unmatched) {
      const message = messagesAfter[j] as Message;
      this.add(
        {
          kind: 'message-added',
          element: old.id,
          contract: `${old.id}/${message.name}`,
          location: '',
          message: `${message.name}${message.version === undefined ? '' : ` version ${message.version}`} is new on ${topic}`,
        },
        'non-breaking',
        [],
      );
    }
  }
}

function endpointSentence(
  root: 'request' | 'response',
  change: SchemaChange,
  contract: string,
  owner: string,
  callers: string,
  count: number,
): string {
  const head = `${contract} of ${owner}`;
  const who = (verb: string) => (count > 0 ? `, which ${callers} ${count === 1 ? `${verb}s` : verb}` : '');
  const at = change.location;
  if (change.kind === 'comparison-incomplete')
    return `${head}: its ${root} schemas nest deeper than ${MAX_SCHEMA_DEPTH} levels or hold more than ${MAX_SCHEMA_VISITS} schemas, and were compared only down to ${at}`;
  if (root === 'request') {
    switch (change.kind) {
      case 'property-added':
        return `${head} takes ${change.required === true ? 'a required' : 'an optional'} ${change.subject} at ${at}${change.required === true && count > 0 ? `, which ${callers} ${count === 1 ? 'does' : 'do'} not send` : ''}`;
      case 'property-removed':
        return `${head} no longer takes ${change.subject} (${at})`;
      case 'property-made-required':
        return `${head} requires ${change.subject} (${at}), which was optional${who('call')}`;
      case 'property-made-optional':
        return `${head} no longer requires ${change.subject} (${at})`;
      case 'enum-value-added':
        return `${head} accepts ${change.subject} at ${at} too`;
      case 'enum-value-removed':
        return `${head} no longer accepts ${change.subject} at ${at}${who('send')}`;
      default:
        return `${head} takes ${change.after} instead of ${change.before} at ${at}${change.kind === 'type-widened' ? '' : who('send')}`;
    }
  }
  switch (change.kind) {
    case 'property-added':
      return `${head} also returns ${change.subject} (${at})`;
    case 'property-removed':
      return `${head} no longer returns ${change.subject}${who('read')}`;
    case 'property-made-required':
      return `${head} always returns ${change.subject} (${at})`;
    case 'property-made-optional':
      return `${head} may leave out ${change.subject} (${at})${who('read')}`;
    case 'enum-value-added':
      return `${head} may return ${change.subject} at ${at}${who('read')}`;
    case 'enum-value-removed':
      return `${head} no longer returns ${change.subject} at ${at}`;
    default:
      return `${head} returns ${change.after} instead of ${change.before} at ${at}${change.kind === 'type-narrowed' ? '' : who('read')}`;
  }
}

function endpointAdvice(root: 'request' | 'response', change: SchemaChange): string {
  const v2 = 'or serve the change from a /v2 endpoint beside this one';
  if (root === 'request') {
    if (change.kind === 'property-added' || change.kind === 'property-made-required')
      return `make ${change.subject} optional (with a default), ${v2}`;
    return `accept what was accepted before too, ${v2}`;
  }
  if (change.kind === 'property-removed') return `keep returning ${change.subject} (deprecated), ${v2}`;
  if (change.kind === 'property-made-optional') return `keep returning ${change.subject} always, ${v2}`;
  if (change.kind === 'enum-value-added')
    return `return ${change.subject} only from a /v2 endpoint beside this one`;
  return `add a new property with the new type beside ${change.subject}, ${v2}`;
}

function payloadSentence(
  change: SchemaChange,
  contract: string,
  consumers: string,
  count: number,
  forWriters: boolean,
): string {
  const at = change.location;
  if (change.kind === 'comparison-incomplete')
    return `${contract}: its payload schemas nest deeper than ${MAX_SCHEMA_DEPTH} levels or hold more than ${MAX_SCHEMA_VISITS} schemas, and were compared only down to ${at}`;
  if (forWriters)
    return `${contract} requires ${change.subject} (${at})${count > 0 ? `, which ${consumers} ${count === 1 ? 'does' : 'do'} not know to publish` : ''}`;
  const who = count > 0 ? `, which ${consumers} ${count === 1 ? 'reads' : 'read'}` : '';
  switch (change.kind) {
    case 'property-added':
      return `${contract} carries ${change.required === true ? 'a required' : 'an optional'} ${change.subject} too (${at})`;
    case 'property-removed':
      return `${contract} no longer carries ${change.subject} (${at})${who}`;
    case 'property-made-required':
      return `${contract} always carries ${change.subject} (${at})`;
    case 'property-made-optional':
      return `${contract} may leave out ${change.subject} (${at})${who}`;
    case 'enum-value-added':
      return `${contract} may carry ${change.subject} at ${at}${who}`;
    case 'enum-value-removed':
      return `${contract} no longer carries ${change.subject} at ${at}`;
    default:
      return `${contract} carries ${change.after} instead of ${change.before} at ${at}${change.kind === 'type-narrowed' ? '' : who}`;
  }
}

const SINGULAR: Record<string, string> = {
  contexts: 'context',
  nodes: 'node',
  edges: 'edge',
  sagas: 'saga',
  views: 'view',
};

/** Element changes that are not contract changes (`--all`), from the History panel's diff. */
function elementChanges(before: Model, after: Model): ContractChange[] {
  const diff = diffModels(before, after, { layout: true });
  const info = (kind: string, item: DiffItem, location: string, message: string): ContractChange => ({
    kind: `${SINGULAR[item.collection] ?? item.collection}-${kind}`,
    severity: 'info',
    element: item.id,
    contract: item.id,
    location,
    message,
    consumers: [],
    impacted: [],
  });
  const one = (part: Partial<Parameters<typeof describeDiff>[0]>) =>
    describeDiff({ added: [], removed: [], changed: [], ...part })[0] ?? '';
  const changes: ContractChange[] = [];
  if (diff.modelFields !== undefined && diff.modelFields.length > 0)
    changes.push({
      kind: 'model-changed',
      severity: 'info',
      element: '',
      contract: '',
      location: diff.modelFields.join(', '),
      message: one({ modelFields: diff.modelFields }),
      consumers: [],
      impacted: [],
    });
  for (const item of diff.added) changes.push(info('added', item, '', one({ added: [item] })));
  for (const item of diff.removed) changes.push(info('removed', item, '', one({ removed: [item] })));
  for (const item of diff.changed)
    changes.push(info('changed', item, item.fields.join(', '), one({ changed: [item] })));
  return changes;
}
