import type { TimelineView } from '../../teacher/hub';

/** Stacked from the bottom, per minute: share of frames per group (the session Timeline's colours). */
const LAYERS = ['positive', 'neutral', 'negative', 'notDetected'] as const;
type Layer = (typeof LAYERS)[number];
const LABELS: Record<Layer, string> = { positive: 'Positive', neutral: 'Neutral', negative: 'Negative', notDetected: 'Not detected' };

const WIDTH = 640;
const HEIGHT = 160;

const timeOf = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** The class timeline as the hub shows it; minutes shared by fewer than 3 students stay empty (hatched). */
export function TeacherClassTimeline({ timeline }: { timeline: TimelineView }) {
  const minutes = timeline.minutes;
  if (minutes.length === 0) return <p class="muted">No minutes shared yet.</p>;
  const barWidth = WIDTH / Math.max(minutes.length, 20);
  return (
    <figure class="timeline teacher-timeline">
      <svg class="teacher-timeline__chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`Class reactions per minute over ${minutes.length} minutes`}>
        {minutes.map((m, index) => {
          const x = index * barWidth;
          const w = Math.max(0.5, barWidth - 1);
          if (m.withheld) {
            return (
              <rect key={m.minute} class="teacher-timeline__withheld" x={x} y={0} width={w} height={HEIGHT}>
                <title>{`${timeOf(m.minute)}: hidden, fewer than 3 students shared this minute`}</title>
              </rect>
            );
          }
          const total = m.totals.samples;
          let top = HEIGHT;
          return (
            <g key={m.minute}>
              <title>{`${timeOf(m.minute)}, ${m.students} students: ${LAYERS.map((l) => `${m.totals[l]} ${LABELS[l].toLowerCase()}`).join(', ')}`}</title>
              {LAYERS.map((layer) => {
                if (total === 0 || m.totals[layer] === 0) return null;
                const height = (m.totals[layer] / total) * HEIGHT;
                top -= height;
                return <rect key={layer} class={`timeline__${layer}`} x={x} y={top} width={w} height={height} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption class="timeline__legend">
        {LAYERS.map((layer) => (
          <span key={layer} class="timeline__key">
            <span class={`timeline__swatch timeline__${layer}`} aria-hidden="true" />
            {LABELS[layer]}
          </span>
        ))}
        <span class="timeline__key">
          {timeOf(minutes[0]!.minute)}–{timeOf(minutes.at(-1)!.minute + 60_000)}
        </span>
      </figcaption>
    </figure>
  );
}
