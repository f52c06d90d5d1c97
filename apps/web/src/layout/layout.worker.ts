/// <reference lib="webworker" />
import { layOut, placeUnplaced, tidy } from '@meshplan/layout';
import type { LayoutJob, RouteUpdate } from './layout.js';
import { createRouter } from './router.js';

/** The canvas's routing worker lives as long as its canvas, and so does its router. */
let route = createRouter();

self.onmessage = async (event: MessageEvent<LayoutJob>) => {
  const job = event.data;
  if (job.kind === 'layout') self.postMessage(await layOut(job.request));
  else if (job.kind === 'place') self.postMessage(await placeUnplaced(job.model, job.frame));
  else if (job.kind === 'route') {
    try {
      self.postMessage(route(job.model));
    } catch (error) {
      // The replica may be lost: the canvas sends the whole model next, and is told every route.
      route = createRouter();
      self.postMessage({
        changed: [],
        removed: [],
        whole: false,
        error: String(error),
      } satisfies RouteUpdate);
    }
  } else self.postMessage(await tidy(job.model, job.ids));
};
