import type { Model } from './types.js';

export interface SyntheticOptions {
  services: number;
  /** Seed of the deterministic generator: the same options give the same model. */
  seed?: number;
}

/**
 * A synthetic architecture of a given size for benchmarks and property tests: contexts of about
 * ten services, about four edges per service (sync calls, data, publish/subscribe), a datastore
 * per service with some shared, topics with messages, a gateway and clients, a few sync cycles.
 * Valid by `parseModel`, deterministic for a seed.
 */
export function syntheticModel({ services: count, seed = 1 }: SyntheticOptions): Model {
  const random = mulberry32(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const contexts: Model['contexts'] = [];
  const nodes: Record<string, unknown>[] = [];
  const edges: Record<string, unknown>[] = [];
  const contextCount = Math.max(1, Math.round(count / 10));
  for (let c = 0; c < contextCount; c++) {
    contexts.push({
      id: `ctx-${c}`,
      name: `Context ${c}`,
      team: `team-${c % 7}`,
      responsibilities: [`Area ${c}`],
    });
  }
  nodes.push(
    { id: 'web', kind: 'client', name: 'Web app' },
    { id: 'mobile', kind: 'client', name: 'Mobile app' },
  );
  nodes.push({ id: 'gateway', kind: 'gateway', name: 'API gateway', product: 'envoy' });
  edges.push(
    { id: 'r-web', kind: 'route', from: 'web', to: 'gateway' },
    { id: 'r-mobile', kind: 'route', from: 'mobile', to: 'gateway' },
  );

  const topicCount = Math.max(1, Math.round(count / 20));
  // Each topic declares a shared event and, as publishers appear, each publisher's own event.
  const declared: { name: string; version?: number }[][] = [];
  for (let t = 0; t < topicCount; t++) {
    declared.push([{ name: `Event${t}A`, version: 1 }]);
    nodes.push({
      id: `topic-${t}`,
      kind: 'topic',
      name: `Topic ${t}`,
      broker: 'kafka',
      context: `ctx-${t % contextCount}`,
      messages: declared[t],
    });
  }

  let edgeId = 0;
  const edge = (kind: string, from: string, to: string, extra: Record<string, unknown>) =>
    edges.push({ id: `e${edgeId++}`, kind, from, to, ...extra });
  for (let s = 0; s < count; s++) {
    const id = `svc-${s}`;
    const context = `ctx-${Math.floor(s / 10) % contextCount}`;
    nodes.push({
      id,
      kind: 'service',
      name: `Service ${s}`,
      context,
      responsibilities: [`Handle ${s}`, `Report ${s}`],
      entities: [`Entity${s}`],
      api: {
        style: 'rest',
        version: 'v1',
        endpoints: [
          { method: 'GET', path: `/v1/things-${s}/{id}`, summary: 'Get a thing', status: 200 },
          {
            method: 'POST',
            path: `/v1/things-${s}`,
            summary: 'Create a thing',
            status: 201,
            request: { type: 'object' },
          },
        ],
      },
      runtime: {
        image: `registry.example.com/svc-${s}:1.0`,
        port: 8080,
        replicas: 1 + pick(3),
        health: '/health',
        readiness: '/ready',
      },
      observability: { tracing: true, metrics: random() < 0.9 },
    });
    // Every 25th service shares the previous one's datastore: shared persistence to find.
    if (s % 25 === 24) {
      edge('data', id, `db-${s - 1}`, { access: 'readwrite' });
    } else {
      nodes.push({ id: `db-${s}`, kind: 'datastore', name: `Store ${s}`, engine: 'postgres', context });
      edge('data', id, `db-${s}`, { access: 'readwrite' });
    }
    // Layered calls, as real systems are: inside a context its entry service (position 0) calls
    // two peers, which call the context's lower services; each service may call the entry service
    // of a context one layer down (five layers). One service in 50 calls back up: cycles to find.
    const resilience = { timeoutMs: 1000, retries: 2, circuitBreaker: true };
    const contextIndex = Math.floor(s / 10);
    const first = contextIndex * 10;
    const size = Math.min(10, count - first);
    const local = (p: number) => `svc-${first + p}`;
    const position = s - first;
    if (position === 0 && size > 1) {
      edge('sync', id, local(1 + pick(Math.min(3, size - 1))), { protocol: 'rest', resilience });
      if (size > 2)
        edge('sync', id, local(1 + pick(Math.min(3, size - 1))), {
          protocol: 'rest',
          resilience,
          operations: ['GET /v1/x'],
        });
    } else if (position >= 1 && position <= 3 && size > 4) {
      edge('sync', id, local(4 + pick(size - 4)), { protocol: 'grpc', resilience });
    }
    // The context one layer down (layers are context numbers modulo 5), among the next few.
    const lower = contextIndex + 1 + 5 * pick(3);
    if (contextIndex % 5 !== 4 && lower * 10 < count && random() < 0.6) {
      edge('sync', id, `svc-${lower * 10}`, { protocol: 'rest', resilience });
    }
    if (s % 50 === 49 && position > 0)
      edge('sync', id, local(pick(position)), { protocol: 'grpc', operations: ['Sync'] });
    const topic = pick(topicCount);
    // One owner per event, as in a healthy system: multiple-publishers has little to say.
    if (s % 2 === 0) {
      declared[topic]?.push({ name: `Service${s}Changed` });
      edge('publish', id, `topic-${topic}`, { messages: [`Service${s}Changed`] });
    } else edge('subscribe', `topic-${topic}`, id, { messages: [`Event${topic}A`] });
    if (s % 2 === 0) edge('subscribe', `topic-${pick(topicCount)}`, id, {});
    if (s % 10 === 0) edge('route', 'gateway', id, { paths: [`/v1/things-${s}`] });
  }
  return {
    format: 'meshplan/v1',
    id: `synthetic-${count}`,
    name: `Synthetic architecture of ${count} services`,
    contexts,
    nodes: nodes as Model['nodes'],
    edges: edges as Model['edges'],
    sagas: [
      {
        id: 'saga-0',
        name: 'Checkout',
        style: 'orchestrated',
        orchestrator: 'svc-0',
        steps: [
          { service: 'svc-0', action: 'Reserve', compensation: 'Release' },
          { service: `svc-${Math.min(1, count - 1)}`, action: 'Charge', pivot: true },
        ],
      },
    ],
    settings: { rules: {} },
  };
}

/** A small, fast, seedable PRNG (public domain), so the same seed gives the same model everywhere. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
