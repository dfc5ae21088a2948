import { engagementSegments, pointsAttribute } from '../lib/engagement-line';

interface EngagementLineProps {
  /** Mean engagement (0..1) per bar; null where a minute has none. */
  values: readonly (number | null)[];
  barWidth: number;
  height: number;
}

/** Drawn inside a per-minute chart's svg, over its bars. */
export function EngagementLine({ values, barWidth, height }: EngagementLineProps) {
  return (
    <g data-testid="engagement-line">
      {engagementSegments(values, barWidth, height).map((segment) => (
        <polyline key={pointsAttribute(segment)} class="timeline__engagement" points={pointsAttribute(segment)} />
      ))}
    </g>
  );
}
