// Issue 2: parse+validate and lint time against JSON.parse of the same text, at 100, 1,000 and
// 10,000 services; and growth from 1,000 to 10,000 (near-linear).
//
// Each figure is taken in a process of its own (rules-size.mjs), so that none runs in a heap that
// another size or measure has grown or littered; the processes take turns, three times over,
// and each figure is the median of its three: a slow minute on the shared machine then touches
// every figure alike.
import { spawnSync } from 'node:child_process';
import { check, median, printChecks, writeResult } from './lib.mjs';

const SIZES = [100, 1000, 10000];
const MEASURES = ['jsonParse', 'parseValidate', 'rules'];
const BLOCKS = 3;

const script = new URL('./rules-size.mjs', import.meta.url).pathname;
const taken = SIZES.map(() => []);
for (let block = 0; block < BLOCKS; block++) {
  SIZES.forEach((services, i) => {
    const figures = {};
    for (const measure of MEASURES) {
      const run = spawnSync(process.execPath, [script, String(services), measure], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (run.status !== 0)
        throw new Error(`rules-size.mjs ${services} ${measure} exited with ${run.status}`);
      Object.assign(figures, JSON.parse(run.stdout));
    }
    taken[i].push(figures);
  });
}

const rows = taken.map((blocks) => ({
  ...blocks[0],
  ...Object.fromEntries(MEASURES.map((measure) => [measure, median(blocks.map((b) => b[measure]))])),
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
