import { parentPort, workerData } from 'node:worker_threads';
import { diffContracts } from '@meshplan/diff';
import { driftFiles, exportZip, importFiles, validateText, type WorkerJob } from './validation.js';

const testJobs = (workerData as { testJobs?: boolean } | undefined)?.testJobs === true;

parentPort?.on('message', (message: WorkerJob & { id: number }) => {
  const { id } = message;
  try {
    switch (message.job) {
      case 'test-crash':
        if (!testJobs) throw new Error('unknown job');
        // Uncaught, outside the try: the thread dies as it would on a bug in a job.
        setImmediate(() => {
          throw new Error('test-crash: this worker stops');
        });
        break;
      case 'test-hang':
        if (!testJobs) throw new Error('unknown job');
        for (;;) {
          // Never answers: the pool's timeout must stop this thread.
        }
      case 'validate':
        parentPort?.postMessage({ id, result: validateText(message.text, message.withLint) });
        break;
      case 'import':
        parentPort?.postMessage({ id, result: importFiles(message.files, message.from) });
        break;
      case 'drift':
        parentPort?.postMessage({
          id,
          result: driftFiles(message.text, message.files, message.from, message.map),
        });
        break;
      case 'diff':
        parentPort?.postMessage({
          id,
          result: diffContracts(message.before, message.after, { all: message.all }),
        });
        break;
      case 'export':
        // Async (a model without positions is laid out first): its errors are answered here.
        exportZip(message.text, message.targets).then(
          (result) =>
            // The zip's bytes move to the main thread instead of being copied.
            parentPort?.postMessage({ id, result }, result.ok ? [result.zip.buffer as ArrayBuffer] : []),
          (error: unknown) =>
            parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
        );
        break;
    }
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

// Loaded: the pool starts a job's clock only from here.
parentPort?.postMessage({ ready: true });
