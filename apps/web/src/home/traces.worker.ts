/// <reference lib="webworker" />
import { ImportError, importTraces } from '@meshplan/importers';
import { fileChunks } from './file-chunks.js';

/**
 * Reads a trace export (OTLP, Jaeger or Zipkin JSON) off the main thread, chunk by chunk from the
 * file's stream: a file of hundreds of MB is never held whole, and the page stays responsive.
 */
self.onmessage = async (event: MessageEvent<{ file: File }>) => {
  const { file } = event.data;
  try {
    const result = await importTraces(fileChunks(file), { path: file.name });
    self.postMessage({ ok: true, model: result.model, report: result.report });
  } catch (error) {
    self.postMessage({
      ok: false,
      message: error instanceof ImportError ? error.message : `${file.name}: ${String(error)}`,
    });
  }
};
