// One figure of the rules benchmark (rules.bench.mjs) in a process of its own, so that no size or
// measure runs in a heap another has grown or littered: `node rules-size.mjs <services> <measure>`
// times JSON.parse, parse+validate or lint of one synthetic model, as the median of repeated runs
// after a warm-up of fixed length, and prints it as JSON.
import { parseModel, syntheticModel } from '../packages/model/dist/index.js';
import { lint } from '../packages/rules/dist/index.js';
import { time } from './lib.mjs';

const services = Number(process.argv[2]);
const measure = process.argv[3];
const text = JSON.stringify(syntheticModel({ services }));
const parsed = parseModel(text);
if (!parsed.ok) throw new Error(`synthetic model is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
const model = parsed.model;
const subjects = {
  jsonParse: () => JSON.parse(text),
  parseValidate: () => parseModel(text),
  rules: () => lint(model),
};
const subject = subjects[measure];
if (subject === undefined) throw new Error(`measure is one of ${Object.keys(subjects).join(', ')}`);
// Every size warms up for the same time: small inputs need many runs before V8 optimises the code
// that large ones get optimised within one.
const ms = time(subject, { runs: services >= 10000 ? 11 : 31, warmupMs: 1000 });
console.log(
  JSON.stringify({
    services,
    edges: model.edges.length,
    bytes: text.length,
    [measure]: ms,
    findings: lint(model).length,
  }),
);
