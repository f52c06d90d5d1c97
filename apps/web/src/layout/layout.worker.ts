/// <reference lib="webworker" />
import { layOut, placeUnplaced, routeEdges, tidy } from '@meshplan/layout';
import type { LayoutJob } from './layout.js';

self.onmessage = async (event: MessageEvent<LayoutJob>) => {
  const job = event.data;
  if (job.kind === 'layout') self.postMessage(await layOut(job.request));
  else if (job.kind === 'place') self.postMessage(await placeUnplaced(job.model, job.frame));
  else if (job.kind === 'route') self.postMessage(routeEdges(job.model));
  else self.postMessage(await tidy(job.model, job.ids));
};
