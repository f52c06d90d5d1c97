export {
  type Box,
  type DiagramOptions,
  diagramBoxes,
  edgeRoutes,
  type Point,
  positioned,
  renderDiagram,
} from './diagram/index.js';
export { exportDocuments, exportModel, TARGETS, type TargetInfo } from './export.js';
export { isSafePath } from './paths.js';
export { YAML_OPTIONS } from './serialize.js';
export {
  type ExportDocument,
  ExportError,
  type ExportFile,
  type ExportOptions,
  parseTargetList,
  TARGET_IDS,
  type TargetId,
} from './types.js';
export { zipFiles } from './zip.js';
