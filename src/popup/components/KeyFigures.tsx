import type { SessionSummary } from '../../shared/summary';
import { useLocalizer } from '../localizer';
import { ImpressionChip } from './ImpressionChip';

/** `withImpression` false: a session without an expression model (attention-only) has no impression to judge. */
export function KeyFigures({ summary, withImpression = true }: { summary: SessionSummary; withImpression?: boolean }) {
  const { t, format } = useLocalizer();
  return (
    <dl class="key-figures">
      {withImpression && (
        <div class="key-figures__item">
          <dt>{t('common_impression')}</dt>
          <dd>
            <ImpressionChip impression={summary.impression} testId="session-impression" />
          </dd>
        </div>
      )}
      <div class="key-figures__item">
        <dt>{t('common_frames')}</dt>
        <dd data-testid="session-frames">{format.count(summary.frames)}</dd>
      </div>
      <div class="key-figures__item">
        <dt>{t('common_notDetected')}</dt>
        <dd>
          {format.count(summary.notDetected.count)}
          <span class="key-figures__sub"> {format.percent(summary.notDetected.percent, 0)}</span>
        </dd>
      </div>
    </dl>
  );
}
