import type { Point } from '@meshplan/layout';

/** A route and where its label goes, as the router answers and the canvas keeps them. */
export interface RouteWithLabel {
  points: readonly Point[];
  label?: Point;
}

/** Whether two routes have the same points and label place (the router's and the canvas's test). */
export function sameRoute(a: RouteWithLabel, b: RouteWithLabel): boolean {
  return (
    a.label?.x === b.label?.x &&
    a.label?.y === b.label?.y &&
    a.points.length === b.points.length &&
    a.points.every((point, i) => point.x === b.points[i]?.x && point.y === b.points[i]?.y)
  );
}
