import { nodeBox } from '@meshplan/layout';
import { describe, expect, it } from 'vitest';
import { freeSpotNear } from './useAddInView.js';

const size = { width: 180, height: 64 };
const overlaps = (a: { x: number; y: number }, b: { name: string; position: { x: number; y: number } }) => {
  const box = nodeBox(b.name);
  return (
    a.x < b.position.x + box.width &&
    b.position.x < a.x + size.width &&
    a.y < b.position.y + box.height &&
    b.position.y < a.y + size.height
  );
};

describe('a node added in view', () => {
  it('goes to the centre when it is free', () => {
    expect(freeSpotNear({ nodes: [] }, { x: 500, y: 300 }, size)).toEqual({ x: 410, y: 268 });
  });

  it('goes to the nearest free spot, on no other node, however many the model has', () => {
    const nodes = Array.from({ length: 9 }, (_, i) => ({
      id: `service-${i}`,
      kind: 'service' as const,
      name: `Service ${i}`,
      position: { x: 320 + (i % 3) * 200, y: 200 + Math.floor(i / 3) * 90 },
    }));
    const spot = freeSpotNear({ nodes }, { x: 500, y: 300 }, size);
    for (const node of nodes) expect(overlaps(spot, node), node.name).toBe(false);
    // Near: within two rings of the centre.
    expect(Math.abs(spot.x + 90 - 500)).toBeLessThanOrEqual(2 * 204);
    expect(Math.abs(spot.y + 32 - 300)).toBeLessThanOrEqual(2 * 88);
  });
});
