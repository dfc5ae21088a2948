import type { ComponentChildren } from 'preact';
import { FRAME_GROUP_KEYS } from '../../shared/i18n-labels';
import { useLocalizer } from '../localizer';

/** The frame groups a per-minute chart can stack (colours: `.timeline__<group>`). */
export type FrameGroup = keyof typeof FRAME_GROUP_KEYS;

interface StackedBarProps {
  /** Frames per group in this minute. */
  counts: Readonly<Record<FrameGroup, number>>;
  /** All frames of the minute: each group's share of the bar's height. */
  total: number;
  /** Stacked from the bottom, in this order. */
  layers: readonly FrameGroup[];
  x: number;
  width: number;
  height: number;
}

/** One minute's bar of a per-minute chart (session timeline and class timeline alike). */
export function StackedBar({ counts, total, layers, x, width, height }: StackedBarProps) {
  let top = height;
  return (
    <>
      {layers.map((layer) => {
        if (total === 0 || counts[layer] === 0) return null;
        const layerHeight = (counts[layer] / total) * height;
        top -= layerHeight;
        return <rect key={layer} class={`timeline__${layer}`} x={x} y={top} width={width} height={layerHeight} />;
      })}
    </>
  );
}

/** The legend under a per-minute chart: its groups, the engagement line when drawn, and anything after. */
export function TimelineLegend({ layers, hasEngagement, children }: { layers: readonly FrameGroup[]; hasEngagement: boolean; children?: ComponentChildren }) {
  const { t } = useLocalizer();
  return (
    <figcaption class="timeline__legend">
      {layers.map((layer) => (
        <span key={layer} class="timeline__key">
          <span class={`timeline__swatch timeline__${layer}`} aria-hidden="true" />
          {t(FRAME_GROUP_KEYS[layer])}
        </span>
      ))}
      {hasEngagement && (
        <span class="timeline__key">
          <span class="timeline__swatch timeline__engagement" aria-hidden="true" />
          {t('timeline_engagement')}
        </span>
      )}
      {children}
    </figcaption>
  );
}
