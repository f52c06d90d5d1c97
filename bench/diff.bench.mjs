// Issue 16: `meshplan diff` of two 10,000-service models that differ in 1% of their endpoints
// takes at most 2x the time to parse both (parseModel of both texts, measured in the same run:
// the machine is shared). The diff with `--all` (every element compared, layout included) is
// reported for information.

import { diffContracts } from '../packages/diff/dist/index.js';
import { parseModel, syntheticModel } from '../packages/model/dist/index.js';
import { check, printChecks, time, writeResult } from './lib.mjs';

const services = 10_000;
const before = syntheticModel({ services });
const after = structuredClone(before);
let endpoints = 0;
let changed = 0;
for (const node of after.nodes) {
  if (node.kind !== 'service') continue;
  endpoints += node.api.endpoints.length;
  // One endpoint in a hundred: a status changed, a response property removed, a required request
  // field added, in turn.
  if (Number(node.id.slice(4)) % 50 !== 0) continue;
  const [get, post] = node.api.endpoints;
  const turn = changed % 3;
  if (turn === 0) get.status = 203;
  else if (turn === 1)
    post.request = { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] };
  else get.path = get.path.replace('/v1/', '/v2/');
  changed++;
}
const oldText = JSON.stringify(before);
const newText = JSON.stringify(after);
const parsed = [parseModel(oldText), parseModel(newText)];
if (!parsed.every((result) => result.ok)) throw new Error('the synthetic models do not parse');
const [oldModel, newModel] = parsed.map((result) => result.model);

const parseBoth = time(() => {
  parseModel(oldText);
  parseModel(newText);
});
const diff = time(() => diffContracts(oldModel, newModel));
const diffAll = time(() => diffContracts(oldModel, newModel, { all: true }));
const result = diffContracts(oldModel, newModel);

const row = {
  services,
  endpoints,
  endpointsChanged: changed,
  changes: result.changes.length,
  summary: result.summary,
  parseBothMs: parseBoth,
  diffMs: diff,
  diffAllMs: diffAll,
  ratioToParse: diff / parseBoth,
};
console.log(
  `${services} services, ${changed} of ${endpoints} endpoints changed: diff ${diff.toFixed(0)} ms ` +
    `(${row.ratioToParse.toFixed(2)}x parsing both, ${parseBoth.toFixed(0)} ms; ` +
    `${result.summary.breaking} breaking, ${result.summary.nonBreaking} not); with --all ${diffAll.toFixed(0)} ms`,
);
const checks = [check('diff / parse both (ratio)', row.ratioToParse, '<=', 2)];
printChecks(checks);
writeResult('diff', { row, checks });
