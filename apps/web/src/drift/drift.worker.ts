/// <reference lib="webworker" />
import { analyzeDrift, VISIBLE_KINDS } from '@meshplan/drift';
import { detectFormat, ImportError, type ImportFormat, importModel, importTraces } from '@meshplan/importers';
import { applyLayout, placeUnplaced } from '@meshplan/layout';
import type { Model } from '@meshplan/model';
import { produce } from 'immer';
import { fileChunks } from '../home/file-chunks.js';
import { withGhosts } from './comparison.js';
import type { DriftJob, DriftOutcome } from './drift.js';

/**
 * Compares the design with what runs, off the main thread: reads the observation (a trace export
 * streamed from its file, deployment files or API documents as text, or the model of a comparison
 * made before), compares, and places what only runs beside what it calls.
 */
self.onmessage = async (event: MessageEvent<DriftJob>) => {
  const job = event.data;
  try {
    let observed: Model;
    let from: ImportFormat;
    if ('observed' in job) {
      observed = job.observed;
      from = job.from;
    } else if ('traces' in job) {
      observed = (await importTraces(fileChunks(job.traces), { path: job.traces.name })).model;
      from = 'traces';
    } else {
      from = detectFormat(job.files);
      observed = importModel({ files: job.files }, { from }).model;
    }
    const visibleKinds = VISIBLE_KINDS[from];
    const analysis = analyzeDrift(job.design, observed, visibleKinds === undefined ? {} : { visibleKinds });
    const drawn = withGhosts(job.design, observed, analysis);
    const placed = await placeUnplaced(drawn);
    const model = produce(drawn, (draft) => applyLayout(draft, placed));
    self.postMessage({ ok: true, observed, from, analysis, model } satisfies DriftOutcome);
  } catch (error) {
    self.postMessage({
      ok: false,
      message: error instanceof ImportError || error instanceof Error ? error.message : String(error),
    } satisfies DriftOutcome);
  }
};
