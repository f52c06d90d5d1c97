import { count, type Model } from '@meshplan/model';
import type { ImportCoverage, ImportFormat } from './types.js';

// Names listed in the coverage; the counts are always whole.
const MAX_LISTED = 20;

/**
 * What an import does not know, said at the end of every report: services with no known callers
 * or callees, edges that files state against edges that were guessed, and which other sources
 * would add what is missing. Deployment files name few of the calls a system makes (most are
 * configured in code or found at run time), so an import that says nothing of this overstates
 * itself.
 */
export function coverageOf(
  model: Model,
  from: ImportFormat,
  guessedEdges: ReadonlySet<string>,
): ImportCoverage {
  const services = model.nodes.filter((node) => node.kind === 'service');
  const called = new Set<string>();
  const calling = new Set<string>();
  const touched = new Set<string>();
  for (const edge of model.edges) {
    touched.add(edge.from);
    touched.add(edge.to);
    if (edge.kind === 'sync' || edge.kind === 'route' || edge.kind === 'subscribe') called.add(edge.to);
    if (edge.kind === 'sync' || edge.kind === 'publish' || edge.kind === 'data') calling.add(edge.from);
  }
  const names = (list: typeof services) => list.map((node) => node.name).sort();
  const unconnected = names(services.filter((node) => !touched.has(node.id)));
  const withoutCallers = services.filter((node) => !called.has(node.id)).length;
  const withoutCallees = services.filter((node) => !calling.has(node.id)).length;
  const guessed = model.edges.filter((edge) => guessedEdges.has(edge.id)).length;
  const coverage: ImportCoverage = {
    services: services.length,
    withoutCallers,
    withoutCallees,
    unconnected: unconnected.length,
    unconnectedNames: unconnected.slice(0, MAX_LISTED),
    edges: { total: model.edges.length, fromEvidence: model.edges.length - guessed, guessed },
    sources: [],
  };
  coverage.sources = suggestions(model, from, coverage);
  return coverage;
}

function suggestions(model: Model, from: ImportFormat, coverage: ImportCoverage): ImportCoverage['sources'] {
  const sources: ImportCoverage['sources'] = [];
  const topics = model.nodes.some((node) => node.kind === 'topic');
  const syncEdges = model.edges.filter((edge) => edge.kind === 'sync');
  const withOperations = syncEdges.filter((edge) => (edge.operations?.length ?? 0) > 0).length;
  const missing = coverage.withoutCallers + coverage.withoutCallees;
  if (from === 'compose' || from === 'k8s') {
    if (missing > 0 || coverage.edges.guessed > 0) {
      const parts = [];
      if (coverage.unconnected > 0)
        parts.push(`the calls of ${count(coverage.unconnected, 'service')} that no file joins to another`);
      if (coverage.withoutCallees > 0) parts.push(`callees of ${count(coverage.withoutCallees, 'service')}`);
      if (coverage.withoutCallers > 0) parts.push(`callers of ${count(coverage.withoutCallers, 'service')}`);
      if (coverage.edges.guessed > 0)
        parts.push(`a check of ${count(coverage.edges.guessed, 'guessed edge')}`);
      sources.push({
        source: 'traces',
        adds: `${parts.join(', ')}: most calls are configured in code or found at run time, and only traces see them (OTLP, Jaeger or Zipkin JSON)`,
      });
    }
    if (syncEdges.length > 0 && withOperations < syncEdges.length) {
      sources.push({
        source: 'api-documents',
        adds: `the endpoints of each service and the operations of ${count(syncEdges.length - withOperations, 'sync edge')} (OpenAPI; .proto files for gRPC)${topics ? '; the messages of each topic and who publishes or consumes them (AsyncAPI)' : ''}`,
      });
    } else if (topics) {
      sources.push({
        source: 'api-documents',
        adds: 'the messages of each topic and who publishes or consumes them (AsyncAPI)',
      });
    }
    if (from === 'compose') {
      sources.push({
        source: 'manifests',
        adds: 'readiness probes, replicas, resources and autoscaling, which compose files rarely carry (Kubernetes manifests)',
      });
    }
  } else if (from === 'openapi' || from === 'asyncapi') {
    sources.push({
      source: 'manifests',
      adds: 'the other services, datastores and brokers and the calls between them (docker-compose files or Kubernetes manifests)',
    });
    sources.push({ source: 'traces', adds: 'the calls each service makes and receives, as observed' });
  } else if (from === 'meshplan') {
    if (coverage.edges.total > 0) {
      sources.push({ source: 'traces', adds: 'what runs, to compare with this design (meshplan drift)' });
    }
  } else {
    // Any other source (traces, as issue 15 adds them) sees only what ran while it looked.
    sources.push({
      source: 'manifests',
      adds: 'the services, datastores and brokers that did not run while the source looked, and their runtime',
    });
    sources.push({ source: 'api-documents', adds: 'the operations and messages that were not exercised' });
  }
  return sources;
}

/** How each source is called for people. */
export const COVERAGE_SOURCE_NAMES: Record<ImportCoverage['sources'][number]['source'], string> = {
  traces: 'traces',
  manifests: 'deployment files',
  'api-documents': 'API documents',
};

/**
 * The coverage in words, a headline and its details, for the CLI's report and the editor's:
 * `Coverage: 9 services.`, `9 with no known callers, …`, `4 edges: 1 read from the files, 3
 * guessed.`, then `What would add the rest:` and one `  <source>: <what>` line per source.
 */
export function coverageLines(coverage: ImportCoverage): string[] {
  const lines = [`Coverage: ${count(coverage.services, 'service')}.`];
  if (coverage.services > 0) {
    const more = coverage.unconnected > coverage.unconnectedNames.length ? ', …' : '';
    const unconnected =
      coverage.unconnected === 0
        ? ''
        : `; ${coverage.unconnected} joined to nothing (${coverage.unconnectedNames.join(', ')}${more})`;
    lines.push(
      `${coverage.withoutCallers} with no known callers, ${coverage.withoutCallees} with no known callees${unconnected}.`,
    );
  }
  const { total, fromEvidence, guessed } = coverage.edges;
  lines.push(`${count(total, 'edge')}: ${fromEvidence} read from the files, ${guessed} guessed.`);
  if (coverage.sources.length > 0) {
    lines.push('What would add the rest:');
    for (const { source, adds } of coverage.sources)
      lines.push(`  ${COVERAGE_SOURCE_NAMES[source]}: ${adds}`);
  }
  return lines;
}
