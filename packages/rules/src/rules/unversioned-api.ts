import type { Endpoint, Model, ModelIndex, NodeOfKind, SyncEdge } from '@meshplan/model';
import { defineRule } from '../define.js';
import type { PatchOperation } from '../types.js';

/** A path segment like `v1`, `v2beta1`: between slashes or the ends of the path. */
const VERSION_SEGMENT = /(?:^|\/)v\d+(?:[a-z]+\d*)?(?:\/|$)/i;
const versioned = (path: string) => VERSION_SEGMENT.test(path);

export default defineRule({
  meta: {
    id: 'unversioned-api',
    severity: 'warning',
    description:
      'A service with REST endpoints where a path has no version segment and `api.version` is not set.',
    options: {},
    fixable: true,
  },
  check(model, { index, report }) {
    // The sweep only decides; a finding's message and fix are made apart, so that what they
    // share among closures is allocated for a finding, not for every node.
    model.nodes.forEach((service, n) => {
      if (service.kind !== 'service' || service.api?.style !== 'rest' || service.api.version) return;
      if (allVersioned(service.api.endpoints ?? [])) return;
      report(finding(model, index, service, n));
    });
  },
});

function finding(model: Model, index: ModelIndex, service: NodeOfKind<'service'>, n: number) {
  const endpoints = service.api?.endpoints ?? [];
  const bare = endpoints.filter((endpoint) => !versioned(endpoint.path));
  const shown = bare.slice(0, 3).map((endpoint) => endpoint.path);
  const more = bare.length > 3 ? ` and ${bare.length - 3} more` : '';
  const patch: PatchOperation[] = [
    { op: 'test', path: `/nodes/${n}/id`, value: service.id },
    { op: 'add', path: `/nodes/${n}/api/version`, value: 'v1' },
  ];
  const renamed = new Map<string, string>();
  endpoints.forEach((endpoint: Endpoint, e) => {
    if (versioned(endpoint.path)) return;
    const path = `/v1${endpoint.path.startsWith('/') ? '' : '/'}${endpoint.path}`;
    renamed.set(endpoint.path, path);
    patch.push({ op: 'replace', path: `/nodes/${n}/api/endpoints/${e}/path`, value: path });
  });
  // Callers name operations as "METHOD /path": keep them pointing at the moved paths. The
  // calls are read from the index's rows, which give their positions in model.edges.
  const calls = index.incoming;
  for (let k = calls.start(n, 'sync'); k < calls.end(n, 'sync'); k++) {
    const i = calls.edges[k] as number;
    const edge = model.edges[i] as SyncEdge;
    if (edge.operations === undefined) continue;
    const operations = edge.operations.map((operation) => {
      const match = /^(\S+)\s+(\S+)$/.exec(operation);
      const moved = match === null ? undefined : renamed.get(match[2] as string);
      return moved === undefined ? operation : `${match?.[1]} ${moved}`;
    });
    if (operations.every((operation, o) => operation === edge.operations?.[o])) continue;
    patch.push(
      { op: 'test', path: `/edges/${i}/id`, value: edge.id },
      { op: 'replace', path: `/edges/${i}/operations`, value: operations },
    );
  }
  return {
    message:
      `"${service.name}" has REST paths without a version (${shown.join(', ')}${more}) and no api.version: ` +
      'a breaking change will break every client at once; version the API.',
    elements: [service.id],
    fix: { title: `Version "${service.name}" as v1 and prefix its paths with /v1`, patch },
  };
}

function allVersioned(endpoints: readonly Endpoint[]): boolean {
  for (const endpoint of endpoints) if (!versioned(endpoint.path)) return false;
  return true;
}
