// Issue 2: parse+validate and lint time against JSON.parse of the same text, at 100, 1,000 and
// 10,000 services; and growth from 1,000 to 10,000 (near-linear).
//
// The sizes are measured in turns, several times over (blocks), and each figure is the median of
// its blocks: a slow minute on the shared machine then lands in one block of every size rather
// than in all the runs of one size.
import { parseModel, syntheticModel } from '../packages/model/dist/index.js';
import { lint } from '../packages/rules/dist/index.js';
import { check, median, printChecks, time, writeResult } from './lib.mjs';

const SIZES = [100, 1000, 10000];
const BLOCKS = 3;

const subjects = SIZES.map((services) => {
  const text = JSON.stringify(syntheticModel({ services }));
  const parsed = parseModel(text);
  if (!parsed.ok) throw new Error(`synthetic model is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return { services, text, model: parsed.model, runs: services >= 10000 ? 11 : 31 };
});

const samples = subjects.map(() => ({ jsonParse: [], parseValidate: [], rules: [] }));
for (let block = 0; block < BLOCKS; block++) {
  subjects.forEach(({ text, model, runs }, i) => {
    const into = samples[i];
    into.jsonParse.push(time(() => JSON.parse(text), { runs }));
    into.parseValidate.push(time(() => parseModel(text), { runs }));
    into.rules.push(time(() => lint(model), { runs }));
  });
}

const rows = subjects.map(({ services, text, model }, i) => ({
  services,
  edges: model.edges.length,
  bytes: text.length,
  jsonParse: median(samples[i].jsonParse),
  parseValidate: median(samples[i].parseValidate),
  rules: median(samples[i].rules),
  findings: lint(model).length,
}));

console.log('services   edges      bytes  JSON.parse  parse+validate  rules      findings');
for (const r of rows) {
  console.log(
    `${String(r.services).padStart(8)} ${String(r.edges).padStart(7)} ${String(r.bytes).padStart(10)}` +
      `  ${r.jsonParse.toFixed(1).padStart(8)}ms  ${r.parseValidate.toFixed(1).padStart(11)}ms ` +
      `(${(r.parseValidate / r.jsonParse).toFixed(2)}x)  ${r.rules.toFixed(1).padStart(6)}ms (${(r.rules / r.jsonParse).toFixed(2)}x)  ${r.findings}`,
  );
}
const [, k1, k10] = rows;
// For reading the growth figures: the text grows this much, and JSON.parse alone this much.
console.log(
  `growth 1,000 → 10,000: text ${(k10.bytes / k1.bytes).toFixed(2)}x, JSON.parse ${(k10.jsonParse / k1.jsonParse).toFixed(2)}x`,
);
const checks = [];
for (const r of rows.slice(1)) {
  checks.push(check(`rules / JSON.parse at ${r.services}`, r.rules / r.jsonParse, '<=', 2));
  checks.push(check(`parse+validate / JSON.parse at ${r.services}`, r.parseValidate / r.jsonParse, '<=', 5));
}
checks.push(check('rules time 10,000 / 1,000 services', k10.rules / k1.rules, '<=', 12));
checks.push(
  check('parse+validate time 10,000 / 1,000 services', k10.parseValidate / k1.parseValidate, '<=', 12),
);
printChecks(checks);
writeResult('rules', { blocks: BLOCKS, rows, checks });
