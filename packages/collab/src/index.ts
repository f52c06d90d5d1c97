export { applyModel, modelToDoc } from './apply.js';
export {
  applyChange,
  type CollectionChange,
  changeBetween,
  changeErrors,
  type ModelChange,
  readChange,
} from './change.js';
export { type DiffItem, type DiffOptions, describeDiff, diffModels, type ModelDiff } from './diff.js';
export { DEFAULT_GUARD_LIMITS, type GuardLimits, ModelGuard, type Verdict } from './guard.js';
export { jsonEqual } from './json.js';
export { COLLECTIONS, type Collection, collabTypes, docToModel } from './layout.js';
export { repairModel } from './repair.js';
