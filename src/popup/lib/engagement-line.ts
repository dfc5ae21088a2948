/**
 * The engagement line over a per-minute bar chart: one point per bar at its centre, 0 at the
 * bottom and 1 at the top; a minute without a value breaks the line rather than drawing it at 0.
 */
export type Point = readonly [x: number, y: number];

export function engagementSegments(values: readonly (number | null)[], barWidth: number, height: number): Point[][] {
  const segments: Point[][] = [];
  let current: Point[] | null = null;
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      current = null;
      return;
    }
    const y = height * (1 - Math.min(1, Math.max(0, value)));
    if (current === null) {
      current = [];
      segments.push(current);
    }
    current.push([index * barWidth + barWidth / 2, y]);
  });
  // A lone minute gets a short dash across its bar, so it stays visible.
  return segments.map((segment) => {
    const only = segment.length === 1 ? segment[0] : undefined;
    return only ? [[only[0] - barWidth / 2, only[1]], [only[0] + barWidth / 2, only[1]]] : segment;
  });
}

export function pointsAttribute(segment: readonly Point[]): string {
  return segment.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ');
}
