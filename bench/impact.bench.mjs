// Issue 16: blast radius and latency budget of a 10,000-service model, each ≤ 100 ms (index
// building included: a fresh ModelIndex per run), beside parseModel of the same model's text
// measured in the same run, as a ratio too.
//
// The failed node is the one whose failure reaches furthest (picked untimed, among the entry
// services of the contexts and their datastores): the longest walk is the one to time.
import { parseModel, syntheticModel } from '../packages/model/dist/index.js';
import { blastRadius, latencyBudget } from '../packages/rules/dist/index.js';
import { check, printChecks, time, writeResult } from './lib.mjs';

const SERVICES = 10000;
const model = syntheticModel({ services: SERVICES });
const text = JSON.stringify(model);

const candidates = model.nodes
  .filter((node) => /^(svc|db)-\d*0$/.test(node.id))
  .map((node) => node.id)
  .slice(0, 400);
let failed = candidates[0];
let reach = -1;
for (const id of candidates) {
  const size = blastRadius(model, id).impact.length;
  if (size > reach) {
    reach = size;
    failed = id;
  }
}
const once = blastRadius(model, failed);
// The same model without a single circuit breaker: failure then spreads as far as it can.
const unprotected = {
  ...model,
  edges: model.edges.map((edge) =>
    edge.kind === 'sync' ? { ...edge, resilience: { ...edge.resilience, circuitBreaker: false } } : edge,
  ),
};
let failedUnprotected = candidates[0];
let reachUnprotected = -1;
for (const id of candidates.slice(0, 100)) {
  const size = blastRadius(unprotected, id).impact.length;
  if (size > reachUnprotected) {
    reachUnprotected = size;
    failedUnprotected = id;
  }
}
const wide = blastRadius(unprotected, failedUnprotected);
const budget = latencyBudget(model);

const parseMs = time(() => parseModel(text), { runs: 7, warmup: 2 });
const blastMs = time(() => blastRadius(model, failed), { runs: 15, warmup: 3 });
const wideMs = time(() => blastRadius(unprotected, failedUnprotected), { runs: 15, warmup: 3 });
const latencyMs = time(() => latencyBudget(model), { runs: 15, warmup: 3 });

console.log(
  `${SERVICES} services, ${model.nodes.length} nodes, ${model.edges.length} edges; ` +
    `"${failed}" down: ${once.summary.failed} fail, ${once.summary.degraded} degrade, ${once.summary.delayed} delayed; ` +
    `${budget.edges.length} sync edges, ${budget.inversions.length} inversions, ${budget.amplifications.length} amplifications`,
);
console.log(
  `without circuit breakers, "${failedUnprotected}" down: ${wide.summary.failed} fail, ${wide.summary.degraded} degrade, ${wide.summary.delayed} delayed`,
);
console.log(`  parseModel     ${parseMs.toFixed(1).padStart(7)} ms (baseline)`);
console.log(
  `  blast radius   ${blastMs.toFixed(1).padStart(7)} ms (${(blastMs / parseMs).toFixed(3)}x parseModel)`,
);
console.log(
  `  blast radius, no breakers ${wideMs.toFixed(1)} ms (${(wideMs / parseMs).toFixed(3)}x parseModel)`,
);
console.log(
  `  latency budget ${latencyMs.toFixed(1).padStart(7)} ms (${(latencyMs / parseMs).toFixed(3)}x parseModel)`,
);
const checks = [
  check('blast radius at 10,000 services (ms)', blastMs, '<=', 100),
  check('blast radius without breakers at 10,000 services (ms)', wideMs, '<=', 100),
  check('latency budget at 10,000 services (ms)', latencyMs, '<=', 100),
  check('blast radius / parseModel', blastMs / parseMs, '<=', 1),
  check('latency budget / parseModel', latencyMs / parseMs, '<=', 1),
];
printChecks(checks);
writeResult('impact', {
  services: SERVICES,
  failed,
  reach,
  failedUnprotected,
  reachUnprotected,
  parseMs,
  blastMs,
  wideMs,
  latencyMs,
  checks,
});
