export { type Box, diagramBoxes, type Point } from './boxes.js';
export { positioned } from './positioned.js';
export { edgeRoutes } from './routes.js';
export { type DiagramOptions, edgeLabelText, renderDiagram } from './svg.js';
