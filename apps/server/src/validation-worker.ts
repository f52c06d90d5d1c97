import { parentPort } from 'node:worker_threads';
import { validateText } from './validation.js';

parentPort?.on('message', ({ id, text, withLint }: { id: number; text: string; withLint: boolean }) => {
  try {
    parentPort?.postMessage({ id, result: validateText(text, withLint) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
