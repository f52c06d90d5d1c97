/// <reference lib="webworker" />
import type { Model } from '@meshplan/model';
import { lint } from '@meshplan/rules';
import { applyReplicaMessage, type ReplicaMessage } from '../replica/replica.js';

/** The editor's model, kept by what changed (see `replica.ts`). */
let replica: Model | undefined;

/** The findings last sent, as JSON: most edits (a rename, a description) change none of them. */
let lastSent: string | undefined;

// The same engine as the server and the CLI, off the main thread so that drawing stays smooth.
// Findings equal to the last ones are not sent again: the main thread would copy thousands of
// them and re-render every list and badge for nothing.
self.onmessage = (event: MessageEvent<{ seq: number; model: ReplicaMessage }>) => {
  const { seq, model: message } = event.data;
  try {
    replica = applyReplicaMessage(replica, message);
    const findings = lint(replica);
    const json = JSON.stringify(findings);
    if (json === lastSent) self.postMessage({ seq, unchanged: true });
    else {
      lastSent = json;
      self.postMessage({ seq, findings });
    }
  } catch (error) {
    // The replica may be lost: the editor sends the whole model next.
    replica = undefined;
    lastSent = undefined;
    self.postMessage({ seq, findings: [], error: String(error) });
  }
};
