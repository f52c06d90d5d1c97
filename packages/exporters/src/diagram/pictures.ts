import type { Model } from '@meshplan/model';
import type { ExportContext } from '../context.js';
import { oneLine } from '../text.js';
import { positioned } from './positioned.js';
import { renderDiagram } from './svg.js';
import { contextViewModel, placeContextView } from './views.js';

/** One drawn diagram: its path in the export and its SVG text. */
export interface Picture {
  path: string;
  svg: string;
}

/**
 * The diagrams drawn from a model: the whole architecture (at the model's own positions, laying
 * out what has none), then one view per context, a close-up of the architecture with the
 * context's neighbours beside it (see `placeContextView`), named after the context's DNS name.
 */
export async function drawPictures(model: Model, ctx: ExportContext): Promise<Picture[]> {
  const laid = await positioned(model);
  const pictures: Picture[] = [{ path: 'diagrams/architecture.svg', svg: renderDiagram(laid) }];
  for (const context of laid.contexts ?? []) {
    const view = contextViewModel(laid, context.id);
    pictures.push({
      path: `diagrams/views/${ctx.contextName(context.id)}.svg`,
      svg: renderDiagram(await positioned(placeContextView(view, laid)), {
        collapsed: view.collapsed,
        title: `${oneLine(model.name)} · ${oneLine(context.name)}`,
      }),
    });
  }
  return pictures;
}
