export {
  applyLayout,
  CONTEXT_SIZE,
  type LayoutRequest,
  type LayoutResult,
  layOut,
  layoutRequest,
  NODE_SIZE,
  needsLayout,
} from './layered.js';
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
