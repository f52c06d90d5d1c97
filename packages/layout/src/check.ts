import type { Model } from '@meshplan/model';
import { type Box, contains, contextFrames, nodeBoxes, overlaps } from './geometry.js';
import { crosses, type Routes } from './route.js';

/**
 * What a reader would see wrong in a diagram, in words: nodes on top of each other, nodes outside
 * their context's frame, contexts on top of each other, routes through a node that is not one of
 * their ends. Empty for a clean diagram. Tests, benchmarks and the e2e suite measure with it.
 */
export function diagramProblems(model: Model, routes?: Routes): string[] {
  const problems: string[] = [];
  const boxes = nodeBoxes(model);
  const frames = contextFrames(model);
  const list = [...boxes];
  // Sorted sweep along x: only boxes whose x ranges meet are compared.
  list.sort((a, b) => a[1].x - b[1].x);
  for (let i = 0; i < list.length; i++) {
    const [a, boxA] = list[i] as [string, Box];
    for (let j = i + 1; j < list.length; j++) {
      const [b, boxB] = list[j] as [string, Box];
      if (boxB.x >= boxA.x + boxA.width) break;
      if (overlaps(boxA, boxB)) problems.push(`nodes ${a} and ${b} overlap`);
    }
  }
  for (const node of model.nodes) {
    const box = boxes.get(node.id);
    if (box === undefined) problems.push(`node ${node.id} has no position`);
    if (node.context === undefined || box === undefined) continue;
    const frame = frames.get(node.context);
    if (frame !== undefined && !contains(frame, box))
      problems.push(`node ${node.id} is outside its context ${node.context}`);
  }
  const frameList = [...frames];
  for (let i = 0; i < frameList.length; i++)
    for (let j = i + 1; j < frameList.length; j++) {
      const [a, frameA] = frameList[i] as [string, Box];
      const [b, frameB] = frameList[j] as [string, Box];
      if (overlaps(frameA, frameB)) problems.push(`contexts ${a} and ${b} overlap`);
    }
  if (routes !== undefined) {
    const ends = new Map(model.edges.map((e) => [e.id, [e.from, e.to]]));
    for (const [edge, route] of Object.entries(routes))
      for (const [node, box] of boxes) {
        if (ends.get(edge)?.includes(node)) continue;
        if (crosses(route, box)) problems.push(`edge ${edge} passes through node ${node}`);
      }
  }
  return problems;
}

/** The ids of nodes and contexts whose position (or a context's size) differs between two models. */
export function movedBetween(before: Model, after: Model): string[] {
  const moved: string[] = [];
  const then = new Map<
    string,
    { position?: { x: number; y: number }; size?: { width: number; height: number } }
  >();
  for (const e of [...before.nodes, ...(before.contexts ?? [])]) then.set(e.id, e);
  for (const node of after.nodes) {
    const old = then.get(node.id)?.position;
    if (old !== undefined && (node.position?.x !== old.x || node.position?.y !== old.y)) moved.push(node.id);
  }
  return moved;
}
