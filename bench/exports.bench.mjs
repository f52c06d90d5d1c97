// Issue: export every target (and zip) at 100, 1,000 and 5,000 services, against the time
// yaml.stringify alone takes on the same objects (the floor any YAML exporter pays); and growth
// from 1,000 to 5,000 (near-linear).

import { stringify } from 'yaml';
import { exportDocuments, exportModel, YAML_OPTIONS, zipFiles } from '../packages/exporters/dist/index.js';
import { syntheticModel } from '../packages/model/dist/index.js';
import { check, median, printChecks, time, writeResult } from './lib.mjs';

// No forced collection between runs: after a full collection V8 shrinks the heap, and the next
// 5,000-service run pays for growing it again (measured: 17 s instead of 9 s), which says more
// about the benchmark than about the exporters.

/**
 * The model with every context and node on a grid: the diagrams are drawn from positions, and
 * laying out 5,000 services with elk would measure the layout (its own benchmark), not the export.
 */
function placedOnGrid(model) {
  const members = new Map();
  for (const node of model.nodes) {
    const key = node.context ?? '';
    members.set(key, [...(members.get(key) ?? []), node]);
  }
  const columns = 4;
  const placed = new Map();
  const contexts = (model.contexts ?? []).map((context, i) => {
    const nodes = members.get(context.id) ?? [];
    const rows = Math.max(1, Math.ceil(nodes.length / columns));
    const origin = { x: (i % 10) * 1300, y: Math.floor(i / 10) * (rows * 110 + 160) };
    nodes.forEach((node, j) => {
      placed.set(node.id, {
        x: origin.x + 24 + (j % columns) * 300,
        y: origin.y + 48 + Math.floor(j / columns) * 110,
      });
    });
    return { ...context, position: origin, size: { width: 1230, height: rows * 110 + 72 } };
  });
  for (const [j, node] of (members.get('') ?? []).entries()) placed.set(node.id, { x: -400, y: j * 110 });
  return {
    ...model,
    contexts,
    nodes: model.nodes.map((node) => ({ ...node, position: placed.get(node.id) })),
  };
}

/** `time` for an async function: the median of `runs` after `warmup` untimed runs. */
async function timeAsync(fn, { runs, warmup }) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const rows = [];
for (const services of [100, 1000, 5000]) {
  const model = placedOnGrid(syntheticModel({ services }));
  const runs = services >= 5000 ? 3 : services >= 1000 ? 5 : 11;
  const warmup = services >= 5000 ? 1 : 2;
  const yamlObjects = (await exportDocuments(model)).flatMap((document) =>
    document.format === 'yaml' ? document.documents : [],
  );
  const yamlStringify = time(
    () => {
      for (const value of yamlObjects) stringify(value, YAML_OPTIONS);
    },
    { runs, warmup },
  );
  const exportAndZip = await timeAsync(async () => zipFiles((await exportModel(model)).files), {
    runs,
    warmup,
  });
  const { files } = await exportModel(model);
  const bytes = zipFiles(files).length;
  rows.push({ services, files: files.length, zipBytes: bytes, yamlStringify, exportAndZip });
}

console.log('services   files    zip bytes  yaml.stringify  export+zip');
for (const r of rows) {
  console.log(
    `${String(r.services).padStart(8)} ${String(r.files).padStart(7)} ${String(r.zipBytes).padStart(12)}` +
      `  ${r.yamlStringify.toFixed(1).padStart(12)}ms  ${r.exportAndZip.toFixed(1).padStart(8)}ms ` +
      `(${(r.exportAndZip / r.yamlStringify).toFixed(2)}x)`,
  );
}
const [, k1, k5] = rows;
const checks = [
  check('export+zip time 5,000 / 1,000 services', k5.exportAndZip / k1.exportAndZip, '<=', 6),
  check('export+zip / yaml.stringify at 1,000', k1.exportAndZip / k1.yamlStringify, '<=', 2),
];
printChecks(checks);
writeResult('exports', { rows, checks });
