// The labels live in @meshplan/model, so that the editor can word elements without loading Yjs.
export { edgeLabel, elementName, nodeNames } from '@meshplan/model';
