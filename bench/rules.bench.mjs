// Issue 2: parse+validate and lint time against JSON.parse of the same text, at 100, 1,000 and
// 10,000 services; and growth from 1,000 to 10,000 (near-linear).
import { parseModel, syntheticModel } from '../packages/model/dist/index.js';
import { lint } from '../packages/rules/dist/index.js';
import { check, printChecks, time, writeResult } from './lib.mjs';

const rows = [];
for (const services of [100, 1000, 10000]) {
  const text = JSON.stringify(syntheticModel({ services }));
  const runs = services >= 10000 ? 11 : 31;
  const jsonParse = time(() => JSON.parse(text), { runs });
  const parseValidate = time(() => parseModel(text), { runs });
  const parsed = parseModel(text);
  if (!parsed.ok) throw new Error(`synthetic model is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const rules = time(() => lint(parsed.model), { runs });
  const findings = lint(parsed.model).length;
  rows.push({
    services,
    edges: parsed.model.edges.length,
    bytes: text.length,
    jsonParse,
    parseValidate,
    rules,
    findings,
  });
}

console.log('services   edges      bytes  JSON.parse  parse+validate  rules      findings');
for (const r of rows) {
  console.log(
    `${String(r.services).padStart(8)} ${String(r.edges).padStart(7)} ${String(r.bytes).padStart(10)}` +
      `  ${r.jsonParse.toFixed(1).padStart(8)}ms  ${r.parseValidate.toFixed(1).padStart(11)}ms ` +
      `(${(r.parseValidate / r.jsonParse).toFixed(2)}x)  ${r.rules.toFixed(1).padStart(6)}ms (${(r.rules / r.jsonParse).toFixed(2)}x)  ${r.findings}`,
  );
}
const [, k1, k10] = rows;
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
writeResult('rules', { rows, checks });
