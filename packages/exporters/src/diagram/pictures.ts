import { sceneModel, viewScene } from '@meshplan/layout';
import { contextView, dnsName, type Model, type View } from '@meshplan/model';
import type { ExportContext } from '../context.js';
import { oneLine } from '../text.js';
import { positioned } from './positioned.js';
import { renderDiagram } from './svg.js';

/** One drawn diagram: its path in the export and its SVG text. */
export interface Picture {
  path: string;
  svg: string;
}

/**
 * The diagrams drawn from a model: the whole architecture (at the model's own positions, laying
 * out what has none), then each view as the editor shows it (`viewScene`): one per context, named
 * after the context's DNS name, and each saved view under `views/saved/`, named after the view.
 */
export async function drawPictures(model: Model, ctx: ExportContext): Promise<Picture[]> {
  const laid = await positioned(model);
  const pictures: Picture[] = [{ path: 'diagrams/architecture.svg', svg: renderDiagram(laid) }];
  const drawView = (view: View, path: string) => {
    const { model: scene, collapsed, stubs } = sceneModel(viewScene(laid, view));
    pictures.push({
      path,
      svg: renderDiagram(scene, {
        collapsed,
        stubs,
        title: `${oneLine(model.name)} · ${oneLine(view.name)}`,
      }),
    });
  };
  for (const context of laid.contexts ?? []) {
    const view = contextView(laid, context.id);
    if (view !== undefined) drawView(view, `diagrams/views/${ctx.contextName(context.id)}.svg`);
  }
  const taken = new Set<string>();
  for (const view of laid.views ?? []) {
    // Two views may have names with one DNS name: the second gets a number, as contexts do.
    const base = dnsName(view.name) || 'view';
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    drawView(view, `diagrams/views/saved/${name}.svg`);
  }
  return pictures;
}
