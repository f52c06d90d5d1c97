import type { Model } from '@meshplan/model';
import type { ExportContext } from '../context.js';
import { oneLine } from '../text.js';
import { positioned } from './positioned.js';
import { renderDiagram } from './svg.js';
import { contextViewModel } from './views.js';

/** One drawn diagram: its path in the export and its SVG text. */
export interface Picture {
  path: string;
  svg: string;
}

/**
 * The diagrams drawn from a model: the whole architecture (at the model's own positions, laying
 * out what has none), then one view per context (laid out on its own), named after the context's
 * DNS name.
 */
export async function drawPictures(model: Model, ctx: ExportContext): Promise<Picture[]> {
  const pictures: Picture[] = [
    { path: 'diagrams/architecture.svg', svg: renderDiagram(await positioned(model)) },
  ];
  for (const context of model.contexts ?? []) {
    const view = contextViewModel(model, context.id);
    pictures.push({
      path: `diagrams/views/${ctx.contextName(context.id)}.svg`,
      svg: renderDiagram(await positioned(view.model), {
        collapsed: view.collapsed,
        title: `${oneLine(model.name)} · ${oneLine(context.name)}`,
      }),
    });
  }
  return pictures;
}
