/// <reference lib="webworker" />
import type { Model } from '@meshplan/model';
import { lint } from '@meshplan/rules';

// The same engine as the server and the CLI, off the main thread so that drawing stays smooth.
self.onmessage = (event: MessageEvent<{ seq: number; model: Model }>) => {
  const { seq, model } = event.data;
  try {
    self.postMessage({ seq, findings: lint(model) });
  } catch (error) {
    self.postMessage({ seq, findings: [], error: String(error) });
  }
};
