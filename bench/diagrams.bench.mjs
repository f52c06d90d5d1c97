// Issue 14: the exporters draw the diagram as SVG. Target: the SVG of a laid-out 1,000-service
// model in at most 1 s. Measured beside JSON.stringify of the same model (a floor that any
// serialiser pays, measured in the same run: the machine is shared), with the whole `diagrams`
// target (the architecture and a view per context, each view laid out by elk) and the PNG of the
// architecture for information.

import { exportModel, positioned, renderDiagram } from '../packages/exporters/dist/index.js';
import { pngOfSvg } from '../packages/exporters/dist/png.js';
import { syntheticModel } from '../packages/model/dist/index.js';
import { check, printChecks, time, writeResult } from './lib.mjs';

const services = 1000;
const model = await positioned(syntheticModel({ services }));
const svg = renderDiagram(model);
const json = time(() => JSON.stringify(model), { runs: 7, warmup: 2 });
const render = time(() => renderDiagram(model), { runs: 7, warmup: 2 });

let start = performance.now();
const { files } = await exportModel(model, { targets: ['diagrams'] });
const diagramsTarget = performance.now() - start;
start = performance.now();
const png = pngOfSvg(svg);
const pngTime = performance.now() - start;

const row = {
  services,
  nodes: model.nodes.length,
  edges: model.edges.length,
  svgBytes: svg.length,
  jsonStringifyMs: json,
  svgMs: render,
  ratioToJson: render / json,
  diagramsTargetMs: diagramsTarget,
  diagramsFiles: files.length,
  architecturePngMs: pngTime,
  architecturePngBytes: png.length,
};
console.log(
  `${services} services (${row.nodes} nodes, ${row.edges} edges): SVG ${render.toFixed(0)} ms ` +
    `(${(row.svgBytes / 1e6).toFixed(1)} MB, ${row.ratioToJson.toFixed(1)}x JSON.stringify ${json.toFixed(0)} ms); ` +
    `whole diagrams target ${diagramsTarget.toFixed(0)} ms (${files.length} files); ` +
    `architecture PNG ${pngTime.toFixed(0)} ms (${(png.length / 1e6).toFixed(1)} MB)`,
);
const checks = [check('SVG of 1,000 services (ms)', render, '<=', 1000)];
printChecks(checks);
writeResult('diagrams', { row, checks });
