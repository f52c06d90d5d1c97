import {
  detectFormat,
  type ImportFormat,
  type ImportInput,
  type ImportReport,
  importModel,
} from '@meshplan/importers';
import type { Model } from '@meshplan/model';
import { analyzeDrift, type DriftAnalysis, type DriftOptions, VISIBLE_KINDS } from './drift.js';

export {
  analyzeDrift,
  DRIFT_STATUSES,
  type DriftAnalysis,
  type DriftBreak,
  type DriftEdge,
  type DriftNode,
  type DriftOptions,
  type DriftResult,
  type DriftStatus,
  drift,
  type ObservedStats,
  observedStats,
  RULES_NOT_ASKED,
  VISIBLE_KINDS,
} from './drift.js';
export { DRIFT_SARIF_RULES, driftSarif, driftText, FAIL_ON, type FailOn, hasDrift } from './format.js';
export {
  checkNameMap,
  DriftInputError,
  imageRepositoryName,
  MAP_LIMITS,
  type MatchReason,
  matchNodes,
  type NameMap,
} from './match.js';

/**
 * Reads an observation with the importers (any format they read: compose, Kubernetes, API
 * documents, a model, traces) and compares the design with it: what the CLI, the server and the
 * editor do with dropped files. Throws the importers' `ImportError` (naming file and line) for a
 * bad document and `DriftInputError` for a bad map.
 */
export function driftFromFiles(
  design: Model,
  input: ImportInput,
  options: DriftOptions & { from?: ImportFormat } = {},
): DriftAnalysis & { observed: Model; report: ImportReport; from: ImportFormat } {
  const from = options.from ?? detectFormat(input.files);
  const { model, report } = importModel(input, { from });
  const visibleKinds = options.visibleKinds ?? VISIBLE_KINDS[from];
  return {
    ...analyzeDrift(design, model, visibleKinds === undefined ? options : { ...options, visibleKinds }),
    observed: model,
    report,
    from,
  };
}
