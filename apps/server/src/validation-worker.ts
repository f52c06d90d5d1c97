import { parentPort } from 'node:worker_threads';
import { exportZip, importFiles, validateText, type WorkerJob } from './validation.js';

parentPort?.on('message', (message: WorkerJob & { id: number }) => {
  const { id } = message;
  try {
    switch (message.job) {
      case 'validate':
        parentPort?.postMessage({ id, result: validateText(message.text, message.withLint) });
        break;
      case 'import':
        parentPort?.postMessage({ id, result: importFiles(message.files, message.from) });
        break;
      case 'export': {
        const result = exportZip(message.text, message.targets);
        // The zip's bytes move to the main thread instead of being copied.
        parentPort?.postMessage({ id, result }, result.ok ? [result.zip.buffer as ArrayBuffer] : []);
        break;
      }
    }
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
