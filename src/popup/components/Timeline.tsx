import { FRAME_GROUP_KEYS } from '../../shared/i18n-labels';
import type { Localizer } from '../../shared/i18n';
import type { TimelineBucket } from '../../shared/summary';
import { useLocalizer } from '../localizer';
import { EngagementLine } from './EngagementLine';
import { StackedBar, TimelineLegend } from './TimelineParts';

/** Stacked from the bottom, in this order; unknown frames are drawn faintly on top. */
const EXPRESSION_LAYERS = ['positive', 'neutral', 'negative', 'notDetected', 'unknown'] as const;
/** Attention-only sessions have no expressions: their bars show the frames without a face; the line, engagement. */
const ATTENTION_LAYERS = ['notDetected'] as const;
type Layer = (typeof EXPRESSION_LAYERS)[number];

const WIDTH = 320;
const HEIGHT = 64;
const GAP = 1;

function bucketTitle(bucket: TimelineBucket, minute: number, layers: readonly Layer[], { t, format }: Pick<Localizer, 't' | 'format'>): string {
  const parts = layers.filter((layer) => bucket[layer] > 0).map((layer) => `${bucket[layer]} ${t(FRAME_GROUP_KEYS[layer]).toLowerCase()}`);
  const total = bucket.samples > 0 ? `${bucket.samples} ${t('common_frames').toLowerCase()}` : t('timeline_noFrames');
  const counts = parts.length > 0 ? parts.join(', ') : total;
  const withEngagement =
    bucket.meanEngagement === null ? counts : t('timeline_minuteEngagement', { counts, percent: format.percent(bucket.meanEngagement * 100, 0) });
  return t('timeline_minute', { number: minute + 1, counts: withEngagement });
}

interface BucketBarProps {
  bucket: TimelineBucket;
  index: number;
  barWidth: number;
  layers: readonly Layer[];
}

function BucketBar({ bucket, index, barWidth, layers }: BucketBarProps) {
  const localizer = useLocalizer();
  return (
    <g>
      <title>{bucketTitle(bucket, index, layers, localizer)}</title>
      <StackedBar counts={bucket} total={bucket.samples} layers={layers} x={index * barWidth} width={Math.max(0.5, barWidth - GAP)} height={HEIGHT} />
    </g>
  );
}

/**
 * Per minute of the session, the share of frames in each group, and the mean engagement as a
 * line. `expressions` false (attention-only): no expression groups, only frames without a face.
 */
export function Timeline({ buckets, expressions = true }: { buckets: readonly TimelineBucket[]; expressions?: boolean }) {
  const { t, format } = useLocalizer();
  const layers: readonly Layer[] = expressions ? EXPRESSION_LAYERS : ATTENTION_LAYERS;
  if (buckets.length === 0) return <p class="muted">{t('timeline_empty')}</p>;
  const barWidth = WIDTH / Math.max(buckets.length, 10);
  const hasEngagement = buckets.some((bucket) => bucket.meanEngagement !== null);
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
          <BucketBar key={bucket.start} bucket={bucket} index={index} barWidth={barWidth} layers={layers} />
        ))}
        {hasEngagement && <EngagementLine values={buckets.map((bucket) => bucket.meanEngagement)} barWidth={barWidth} height={HEIGHT} />}
      </svg>
      <TimelineLegend layers={layers} hasEngagement={hasEngagement} />
    </figure>
  );
}
