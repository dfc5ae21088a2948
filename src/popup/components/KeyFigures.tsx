import { formatPercent, type SessionSummary } from '../../shared/summary';
import { ImpressionChip } from './ImpressionChip';

export function KeyFigures({ summary }: { summary: SessionSummary }) {
  return (
    <dl class="key-figures">
      <div class="key-figures__item">
        <dt>Impression</dt>
        <dd>
          <ImpressionChip impression={summary.impression} testId="session-impression" />
        </dd>
      </div>
      <div class="key-figures__item">
        <dt>Frames</dt>
        <dd data-testid="session-frames">{summary.frames}</dd>
      </div>
      <div class="key-figures__item">
        <dt>Not detected</dt>
        <dd>
          {summary.notDetected.count}
          <span class="key-figures__sub"> {formatPercent(summary.notDetected.percent, 0)}</span>
        </dd>
      </div>
    </dl>
  );
}
