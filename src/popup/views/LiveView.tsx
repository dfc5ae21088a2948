import { ExpressionBars } from '../components/ExpressionBars';
import { formatPercent } from '../../shared/summary';
import { EXPRESSIONS, type Expression } from '../../shared/taxonomy';
import type { LiveStatus } from '../../shared/types';
import { expressionLabel } from '../lib/labels';
import { backendNote, backendText, currentReading, faceText, liveNotice } from '../lib/live-state';

function percentsOf(probabilities: readonly number[]): Record<Expression, number> {
  return Object.fromEntries(EXPRESSIONS.map((expression, i) => [expression, (probabilities[i] ?? 0) * 100])) as Record<
    Expression,
    number
  >;
}

export function LiveView({ status }: { status: LiveStatus | null }) {
  const reading = currentReading(status);
  const notice = status ? liveNotice(status) : null;
  const note = backendNote(status?.engine ?? null);

  return (
    <div class="stack">
      <div class="live-reading">
        <p class="live-reading__caption">Current expression</p>
        <p class="live-reading__label" data-testid="live-expression">
          {reading ? expressionLabel(reading.expression) : '—'}
        </p>
        <p class="live-reading__probability">
          {reading ? `${formatPercent(reading.probability * 100, 0)} probability` : 'No reading'}
        </p>
      </div>

      <p class={`notice notice--${notice?.tone ?? (status ? 'ok' : 'info')}`} aria-live="polite">
        {notice?.text ?? (status ? 'All good: Raut can see your face.' : 'Asking Raut for its state…')}
      </p>

      <dl class="facts">
        <div class="facts__row">
          <dt>Face</dt>
          <dd data-testid="live-face">{faceText(status)}</dd>
        </div>
        <div class="facts__row">
          <dt>Backend</dt>
          <dd data-testid="live-backend">{backendText(status?.engine ?? null)}</dd>
        </div>
      </dl>
      {note && <p class="fine-print">{note}</p>}

      <h2 class="section-title">All expressions</h2>
      <ExpressionBars
        label="Probability of each expression in the latest frame"
        percents={reading ? percentsOf(reading.probabilities) : null}
        highlight={reading?.expression ?? null}
      />
    </div>
  );
}
