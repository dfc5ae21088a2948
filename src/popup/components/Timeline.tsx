import { FRAME_GROUP_KEYS } from '../../shared/i18n-labels';
import type { Translate } from '../../shared/i18n';
import type { TimelineBucket } from '../../shared/summary';
import { useLocalizer } from '../localizer';

/** Stacked from the bottom, in this order; unknown frames are drawn faintly on top. */
const LAYERS = ['positive', 'neutral', 'negative', 'notDetected', 'unknown'] as const;

const WIDTH = 320;
const HEIGHT = 64;
const GAP = 1;

function bucketTitle(bucket: TimelineBucket, minute: number, t: Translate): string {
  const parts = LAYERS.filter((layer) => bucket[layer] > 0).map((layer) => `${bucket[layer]} ${t(FRAME_GROUP_KEYS[layer]).toLowerCase()}`);
  return t('timeline_minute', { number: minute + 1, counts: parts.length > 0 ? parts.join(', ') : t('timeline_noFrames') });
}

function BucketBar({ bucket, index, barWidth }: { bucket: TimelineBucket; index: number; barWidth: number }) {
  const { t } = useLocalizer();
  const x = index * barWidth;
  let top = HEIGHT;
  return (
    <g>
      <title>{bucketTitle(bucket, index, t)}</title>
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
  const { t, format } = useLocalizer();
  if (buckets.length === 0) return <p class="muted">{t('timeline_empty')}</p>;
  const barWidth = WIDTH / Math.max(buckets.length, 10);
  return (
    <figure class="timeline">
      <svg
        class="timeline__chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('timeline_label', { minutes: format.amount(buckets.length, 'minute') })}
      >
        {buckets.map((bucket, index) => (
          <BucketBar key={bucket.start} bucket={bucket} index={index} barWidth={barWidth} />
        ))}
      </svg>
      <figcaption class="timeline__legend">
        {LAYERS.map((layer) => (
          <span key={layer} class="timeline__key">
            <span class={`timeline__swatch timeline__${layer}`} aria-hidden="true" />
            {t(FRAME_GROUP_KEYS[layer])}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
