/// <reference lib="webworker" />
import { ImportError, importTraces } from '@meshplan/importers';

/**
 * Reads a trace export (OTLP, Jaeger or Zipkin JSON) off the main thread, chunk by chunk from the
 * file's stream: a file of hundreds of MB is never held whole, and the page stays responsive.
 */
self.onmessage = async (event: MessageEvent<{ file: File }>) => {
  const { file } = event.data;
  try {
    const result = await importTraces(chunks(file), { path: file.name });
    self.postMessage({ ok: true, model: result.model, report: result.report });
  } catch (error) {
    self.postMessage({
      ok: false,
      message: error instanceof ImportError ? error.message : `${file.name}: ${String(error)}`,
    });
  }
};

async function* chunks(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
