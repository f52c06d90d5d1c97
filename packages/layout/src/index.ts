export { diagramProblems, movedBetween } from './check.js';
export {
  type Box,
  bounds,
  CONTEXT_GAP,
  contains,
  contextFrames,
  FRAME_PADDING,
  frameAround,
  frameInterior,
  GROW_GAP,
  inflate,
  NODE_GAP,
  nodeBoxes,
  overlaps,
  type Point,
  SpatialIndex,
  union,
} from './geometry.js';
export { labelBox, placeLabels } from './labels.js';
export {
  applyLayout,
  CONTEXT_SIZE,
  type LayoutRequest,
  type LayoutResult,
  layOut,
  layOutBlock,
  layoutRequest,
  NODE_SIZE,
  needsLayout,
} from './layered.js';
export { isPinned, keepPinned, pinnedIds } from './pinned.js';
export { fitContexts, hasUnplaced, placeIncrementally, placeUnplaced, tidy } from './place.js';
export { crosses, type Routes, rerouteAround, routeEdges, segmentEntersBox } from './route.js';
export {
  MAX_NAME_LINES,
  NAME_FONT,
  NODE_CHROME,
  NODE_WIDTH,
  type NodeBox,
  nameLines,
  nameWidth,
  nodeBox,
  OVERVIEW_FONT,
} from './size.js';
export {
  isGeneratedView,
  openedView,
  type SceneStub,
  sceneModel,
  storedViewOf,
  type ViewScene,
  viewScene,
} from './views.js';
