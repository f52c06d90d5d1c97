import type { Model } from '@meshplan/model';
import { ExportContext } from './context.js';
import { drawPictures, type Picture } from './diagram/pictures.js';
import { isSafePath } from './paths.js';
import { render } from './serialize.js';
import { asyncapi } from './targets/asyncapi.js';
import { compose } from './targets/compose.js';
import { diagrams } from './targets/diagrams.js';
import { docs } from './targets/docs.js';
import { istio } from './targets/istio.js';
import { kubernetes } from './targets/kubernetes.js';
import { lintFiles } from './targets/lint.js';
import { openapi } from './targets/openapi.js';
import {
  type ExportDocument,
  ExportError,
  type ExportFile,
  type ExportOptions,
  TARGET_IDS,
  type TargetId,
} from './types.js';

export interface TargetInfo {
  id: TargetId;
  title: string;
  description: string;
}

/** Every target with what the editor's export dialog says about it, in display order. */
export const TARGETS: readonly TargetInfo[] = [
  { id: 'openapi', title: 'OpenAPI', description: 'OpenAPI 3.1 per service with REST endpoints' },
  { id: 'asyncapi', title: 'AsyncAPI', description: 'AsyncAPI 3.0 per service that publishes or subscribes' },
  {
    id: 'kubernetes',
    title: 'Kubernetes',
    description:
      'Namespace, Deployments, Services, autoscalers, disruption budgets, network policies, Ingress',
  },
  { id: 'istio', title: 'Istio', description: 'VirtualServices and DestinationRules from edge resilience' },
  { id: 'compose', title: 'Docker Compose', description: 'Services, datastores and brokers for a local run' },
  {
    id: 'diagrams',
    title: 'Diagrams',
    description:
      'The architecture and a view per context as SVG and PNG; Mermaid context map, C4-PlantUML, Structurizr DSL',
  },
  { id: 'docs', title: 'Documentation', description: 'README, service catalog, first ADR' },
  { id: 'lint', title: 'Lint report', description: 'Rule findings as JSON and SARIF 2.1.0' },
];

const GENERATORS: Record<TargetId, (ctx: ExportContext) => ExportDocument[]> = {
  openapi,
  asyncapi,
  kubernetes,
  istio,
  compose,
  diagrams,
  docs,
  lint: lintFiles,
};

/**
 * The objects each file is written from, before serialisation, sorted by path (the diagrams as
 * their SVG text; PNGs are made from those by `exportModel`). `exportModel` is this plus `render`;
 * the benchmark uses it to measure serialisation alone.
 */
export async function exportDocuments(model: Model, options: ExportOptions = {}): Promise<ExportDocument[]> {
  const documents: ExportDocument[] = [];
  await generate(model, options, (target) => documents.push(...target));
  return checked(documents);
}

/**
 * Export a valid model (see `parseModel`): every file of the chosen targets, sorted by path.
 * Async because the diagrams of a model without positions are laid out first (elkjs). With
 * `options.rasterize`, each diagram's SVG also becomes a PNG beside it.
 */
export async function exportModel(
  model: Model,
  options: ExportOptions = {},
): Promise<{ files: ExportFile[] }> {
  const files: ExportFile[] = [];
  const svgs: ExportDocument[] = [];
  // Each target's objects are rendered as soon as they exist, so that they can be collected
  // before the next target builds its own: a 5,000-service export stays small in memory.
  await generate(model, options, (documents) => {
    for (const document of documents) {
      files.push({ path: document.path, target: document.target, content: render(document) });
      if (document.path.endsWith('.svg')) svgs.push(document);
    }
  });
  const rasterize = options.rasterize;
  if (rasterize !== undefined) {
    // The architecture first, then the views: a budget of pixels (see `pngsWithin`) goes to them.
    svgs.sort((a, b) => pictureOrder(a.path) - pictureOrder(b.path) || compareText(a.path, b.path));
    for (const document of svgs) {
      const png = await rasterize(render(document));
      if (png === undefined) continue;
      files.push({ path: document.path.replace(/\.svg$/, '.png'), target: document.target, content: png });
    }
  }
  return { files: checked(files) };
}

async function generate(
  model: Model,
  options: ExportOptions,
  emit: (documents: ExportDocument[]) => void,
): Promise<void> {
  const targets = options.targets ?? TARGET_IDS;
  for (const target of targets) {
    if (!(TARGET_IDS as readonly string[]).includes(target)) {
      throw new ExportError(`Unknown export target "${target}": expected one of ${TARGET_IDS.join(', ')}.`);
    }
  }
  const ctx = new ExportContext(model);
  const pictures: Picture[] = targets.includes('diagrams') ? await drawPictures(model, ctx) : [];
  for (const target of TARGET_IDS) {
    if (!targets.includes(target)) continue;
    emit(GENERATORS[target](ctx));
    if (target === 'diagrams')
      emit(pictures.map(({ path, svg }) => ({ path, target, format: 'text', text: svg })));
  }
}

/** Sorted by path, after checking that every path is safe and unique. */
function checked<T extends { path: string }>(files: T[]): T[] {
  const seen = new Set<string>();
  for (const file of files) {
    // Paths are built from DNS names and fixed words; this guards the guarantee, not user input.
    if (!isSafePath(file.path)) throw new ExportError(`Unsafe export path "${file.path}".`);
    if (seen.has(file.path)) throw new ExportError(`Two exported files share the path "${file.path}".`);
    seen.add(file.path);
  }
  return files.sort((a, b) => compareText(a.path, b.path));
}

function pictureOrder(path: string): number {
  return path === 'diagrams/architecture.svg' ? 0 : 1;
}

/** Code-unit order, the same in every locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
