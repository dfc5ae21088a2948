import type { TimelineBucket } from '../../shared/summary';

/** Stacked from the bottom, in this order; unknown frames are drawn faintly on top. */
const LAYERS = ['positive', 'neutral', 'negative', 'notDetected', 'unknown'] as const;
type Layer = (typeof LAYERS)[number];

const LAYER_LABELS: Record<Layer, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
  notDetected: 'Not detected',
  unknown: 'Unclear',
};

const WIDTH = 320;
const HEIGHT = 64;
const GAP = 1;

function bucketTitle(bucket: TimelineBucket, minute: number): string {
  const parts = LAYERS.filter((layer) => bucket[layer] > 0).map((layer) => `${bucket[layer]} ${LAYER_LABELS[layer].toLowerCase()}`);
  return `Minute ${minute + 1}: ${parts.length > 0 ? parts.join(', ') : 'no frames'}`;
}

function BucketBar({ bucket, index, barWidth }: { bucket: TimelineBucket; index: number; barWidth: number }) {
  const x = index * barWidth;
  let top = HEIGHT;
  return (
    <g>
      <title>{bucketTitle(bucket, index)}</title>
      {LAYERS.map((layer) => {
        if (bucket.samples === 0 || bucket[layer] === 0) return null;
        const height = (bucket[layer] / bucket.samples) * HEIGHT;
        top -= height;
        return (
          <rect
            key={layer}
            class={`timeline__${layer}`}
            x={x}
            y={top}
            width={Math.max(0.5, barWidth - GAP)}
            height={height}
          />
        );
      })}
    </g>
  );
}

/** Per minute of the session, the share of frames in each group. */
export function Timeline({ buckets }: { buckets: readonly TimelineBucket[] }) {
  if (buckets.length === 0) return <p class="muted">No frames yet.</p>;
  const barWidth = WIDTH / Math.max(buckets.length, 10);
  return (
    <figure class="timeline">
      <svg
        class="timeline__chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Reactions per minute over ${buckets.length} minute${buckets.length === 1 ? '' : 's'}`}
      >
        {buckets.map((bucket, index) => (
          <BucketBar key={bucket.start} bucket={bucket} index={index} barWidth={barWidth} />
        ))}
      </svg>
      <figcaption class="timeline__legend">
        {LAYERS.map((layer) => (
          <span key={layer} class="timeline__key">
            <span class={`timeline__swatch timeline__${layer}`} aria-hidden="true" />
            {LAYER_LABELS[layer]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
