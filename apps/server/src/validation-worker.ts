import { parentPort } from 'node:worker_threads';
import { importFiles, validateText, type WorkerJob } from './validation.js';

parentPort?.on('message', (message: WorkerJob & { id: number }) => {
  const { id } = message;
  try {
    const result =
      message.job === 'validate'
        ? validateText(message.text, message.withLint)
        : importFiles(message.files, message.from);
    parentPort?.postMessage({ id, result });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
