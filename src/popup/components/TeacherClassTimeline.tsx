import { FRAME_GROUP_KEYS } from '../../shared/i18n-labels';
import type { TimelineView } from '../../teacher/hub';
import { useLocalizer } from '../localizer';
import { EngagementLine } from './EngagementLine';
import { StackedBar, TimelineLegend } from './TimelineParts';

/** Stacked from the bottom, per minute: share of frames per group (the session Timeline's colours). */
const LAYERS = ['positive', 'neutral', 'negative', 'notDetected'] as const;

const WIDTH = 640;
const HEIGHT = 160;

/** The class timeline as the hub shows it, with the class's mean engagement as a line; minutes shared by fewer than 3 students stay empty (hatched). */
export function TeacherClassTimeline({ timeline }: { timeline: TimelineView }) {
  const { t, format } = useLocalizer();
  const minutes = timeline.minutes;
  if (minutes.length === 0) return <p class="muted">{t('teacherTimeline_empty')}</p>;
  const barWidth = WIDTH / Math.max(minutes.length, 20);
  // Withheld minutes (fewer than 3 students) break the line: their numbers are not shown.
  const engagement = minutes.map((m) => (m.withheld ? null : m.meanEngagement));
  const hasEngagement = engagement.some((value) => value !== null);
  return (
    <figure class="timeline teacher-timeline">
      <svg
        class="teacher-timeline__chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('teacherTimeline_label', { minutes: format.amount(minutes.length, 'minute') })}
      >
        {minutes.map((m, index) => {
          const x = index * barWidth;
          const w = Math.max(0.5, barWidth - 1);
          if (m.withheld) {
            return (
              <rect key={m.minute} class="teacher-timeline__withheld" x={x} y={0} width={w} height={HEIGHT}>
                <title>{t('teacherTimeline_withheld', { time: format.time(m.minute) })}</title>
              </rect>
            );
          }
          const total = m.totals.samples;
          const groups = LAYERS.map((l) => `${m.totals[l]} ${t(FRAME_GROUP_KEYS[l]).toLowerCase()}`).join(', ');
          const counts =
            m.meanEngagement === null ? groups : t('teacherTimeline_minuteEngagement', { counts: groups, percent: format.percent(m.meanEngagement * 100, 0) });
          return (
            <g key={m.minute}>
              <title>{t('teacherTimeline_minute', { time: format.time(m.minute), students: m.students, counts })}</title>
              <StackedBar counts={m.totals} total={total} layers={LAYERS} x={x} width={w} height={HEIGHT} />
            </g>
          );
        })}
        {hasEngagement && <EngagementLine values={engagement} barWidth={barWidth} height={HEIGHT} />}
      </svg>
      <TimelineLegend layers={LAYERS} hasEngagement={hasEngagement}>
        <span class="timeline__key">
          {format.time(minutes[0]!.minute)}–{format.time(minutes.at(-1)!.minute + 60_000)}
        </span>
      </TimelineLegend>
    </figure>
  );
}
