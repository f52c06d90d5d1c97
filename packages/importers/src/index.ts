export { importAsyncApi } from './asyncapi.js';
export { importCompose } from './compose.js';
export { COVERAGE_SOURCE_NAMES, coverageLines } from './coverage.js';
export { detectFormat } from './detect.js';
export { formatLocation, ImportError } from './errors.js';
export { importModel } from './import.js';
export { MAX_FILE_CHARS, MAX_TOTAL_CHARS } from './input.js';
export { importKubernetes } from './kubernetes.js';
export { IMPORT_LIMITS, ImportLimitError } from './limits.js';
export { importMeshplan } from './meshplan.js';
export { importOpenApi } from './openapi.js';
export {
  importTraces,
  importTracesText,
  looksLikeTraces,
  TRACE_LIMITS,
  type TraceImportResult,
} from './traces/index.js';
export type {
  ImportCoverage,
  ImportFile,
  ImportFormat,
  ImportInput,
  ImportOptions,
  ImportReport,
  ImportResult,
  ReportItem,
  SourceLocation,
  TraceSummary,
} from './types.js';
export { COVERAGE_SOURCES, IMPORT_FORMATS } from './types.js';
