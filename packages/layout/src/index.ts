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
