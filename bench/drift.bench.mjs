// Issue 15: drift of a 1,000-service model against an observation of 1,000 services ≤ 1 s, beside
// what lint of the same model and JSON.parse of its text take in the same run.
//
// The observation is what traces of the running system would give: every node under another id
// (its DNS name, so matching goes past the id pass), one edge in 20 not seen, 60 calls the design
// lacks (some into other contexts' datastores, some closing cycles: the rules are asked), and
// figures on every observed edge.
import { analyzeDrift } from '../packages/drift/dist/index.js';
import { dnsName, syntheticModel } from '../packages/model/dist/index.js';
import { lint } from '../packages/rules/dist/index.js';
import { check, printChecks, time, writeResult } from './lib.mjs';

const SERVICES = 1000;
const design = syntheticModel({ services: SERVICES });

function observationOf(model) {
  const idOf = new Map(model.nodes.map((node) => [node.id, dnsName(node.name)]));
  const nodes = model.nodes.map(({ id, kind, name, engine, broker }) => ({
    id: idOf.get(id),
    kind,
    name: dnsName(name),
    ...(engine === undefined ? {} : { engine }),
    ...(broker === undefined ? {} : { broker }),
  }));
  const figures = (i) => ({
    calls: 100 + i,
    errors: i % 7,
    p50Ms: 5 + (i % 20),
    p99Ms: 50 + (i % 200),
    from: '2026-12-01T10:00:00Z',
    to: '2026-12-01T11:00:00Z',
  });
  const edges = [];
  model.edges.forEach((edge, i) => {
    if (i % 20 === 7) return;
    const kind = edge.kind === 'route' ? 'sync' : edge.kind;
    const extra = kind === 'sync' ? { protocol: 'rest' } : kind === 'data' ? { access: 'readwrite' } : {};
    edges.push({
      id: `o${i}`,
      kind,
      from: idOf.get(edge.from),
      to: idOf.get(edge.to),
      ...extra,
      observed: figures(i),
    });
  });
  for (let k = 0; k < 60; k++) {
    const from = idOf.get(`svc-${(k * 37) % SERVICES}`);
    if (k % 3 === 0) {
      // Into a datastore of a context ten services away.
      const store = model.nodes.find((node) => node.id === `db-${(k * 37 + 10) % SERVICES}`);
      if (store !== undefined)
        edges.push({
          id: `x${k}`,
          kind: 'data',
          from,
          to: idOf.get(store.id),
          access: 'read',
          observed: figures(k),
        });
    } else {
      // A call up the layers: some close cycles.
      edges.push({
        id: `x${k}`,
        kind: 'sync',
        from,
        to: idOf.get(`svc-${(k * 37 + 990) % SERVICES}`),
        protocol: 'grpc',
        observed: figures(k),
      });
    }
  }
  return { format: 'meshplan/v1', name: 'Observed', nodes, edges };
}

const observed = observationOf(design);
const text = JSON.stringify(design);
const once = analyzeDrift(design, observed);
const { summary } = once.result;

// A second of warm-up each, as the rules benchmark does: every figure in optimised code.
const jsonParse = time(() => JSON.parse(text), { runs: 15, warmup: 3, warmupMs: 1000 });
const lintTime = time(() => lint(design), { runs: 15, warmup: 3, warmupMs: 1000 });
const driftTime = time(() => analyzeDrift(design, observed), { runs: 15, warmup: 3, warmupMs: 1000 });

console.log(
  `design: ${design.nodes.length} nodes, ${design.edges.length} edges; observed: ${observed.nodes.length} nodes, ${observed.edges.length} edges`,
);
console.log(
  `nodes ${JSON.stringify(summary.nodes)}  edges ${JSON.stringify(summary.edges)}  ` +
    `rule-breaking observed edges ${once.result.edges.filter((e) => (e.breaks ?? []).length > 0).length}`,
);
console.log(`JSON.parse of the design   ${jsonParse.toFixed(1)} ms`);
console.log(`lint of the design         ${lintTime.toFixed(1)} ms`);
console.log(
  `drift                      ${driftTime.toFixed(1)} ms (${(driftTime / lintTime).toFixed(2)}x lint, ${(driftTime / jsonParse).toFixed(2)}x JSON.parse)`,
);

// The target is absolute; the ratios to lint and JSON.parse of the same model are reported
// beside it (drift lints the design once, with the observed-only edges added, and matches in
// linear time: it costs a small multiple of a lint).
const checks = [check('drift of 1,000 services, ms', driftTime, '<=', 1000)];
printChecks(checks);
writeResult('drift', {
  services: SERVICES,
  summary,
  jsonParseMs: jsonParse,
  lintMs: lintTime,
  driftMs: driftTime,
  driftPerLint: driftTime / lintTime,
  driftPerJsonParse: driftTime / jsonParse,
  checks,
});
