import { type Model, parseModel } from '@meshplan/model';
// fast-json-patch is CommonJS for Node: its default export works in Node and in bundlers alike.
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import type { Finding } from './types.js';

export class FixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixError';
  }
}

/**
 * Applies a finding's fix to a copy of the model and returns the result, which is checked to be a
 * valid model. Fails with a `FixError` (the model untouched) when the finding has no fix or its
 * patch no longer fits the model: fixes carry `test` operations that guard what they change.
 */
export function applyFix(model: Model, finding: Finding): Model {
  if (finding.fix === undefined) throw new FixError(`the ${finding.rule} finding has no fix`);
  const copy = structuredClone(model);
  try {
    fastJsonPatch.applyPatch(copy, finding.fix.patch as Operation[], true, true);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FixError(`the fix "${finding.fix.title}" no longer fits the model (${reason}); lint again`);
  }
  const result = parseModel(copy);
  if (!result.ok) {
    const first = result.errors[0];
    throw new FixError(
      `the fix "${finding.fix.title}" would make the model invalid: ${first?.path}: ${first?.message}`,
    );
  }
  return result.model;
}
