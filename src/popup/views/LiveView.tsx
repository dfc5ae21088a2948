import { CalibrationPanel } from '../components/CalibrationPanel';
import { EngagementFacts } from '../components/EngagementFacts';
import { ExpressionBars } from '../components/ExpressionBars';
import { EXPRESSION_KEYS } from '../../shared/i18n-labels';
import { EXPRESSIONS, type Expression } from '../../shared/taxonomy';
import type { LiveStatus } from '../../shared/types';
import { backendNote, backendText, currentEngagement, currentReading, faceText, interestText, liveNotice } from '../lib/live-state';
import { useLocalizer } from '../localizer';

function percentsOf(probabilities: readonly number[]): Record<Expression, number> {
  return Object.fromEntries(EXPRESSIONS.map((expression, i) => [expression, (probabilities[i] ?? 0) * 100])) as Record<
    Expression,
    number
  >;
}

/** The big reading: the current expression, or in attention-only mode (no expression model) the interest label. */
function LiveReading({ status }: { status: LiveStatus | null }) {
  const { t, format } = useLocalizer();
  if (status?.attentionOnly) {
    return (
      <div class="live-reading">
        <p class="live-reading__caption">{t('live_attentionCaption')}</p>
        <p class="live-reading__label" data-testid="live-attention">
          {interestText(currentEngagement(status), t)}
        </p>
      </div>
    );
  }
  const reading = currentReading(status);
  return (
    <div class="live-reading">
      <p class="live-reading__caption">{t('live_caption')}</p>
      <p class="live-reading__label" data-testid="live-expression">
        {reading ? t(EXPRESSION_KEYS[reading.expression]) : '—'}
      </p>
      <p class="live-reading__probability">
        {reading ? t('live_probability', { percent: format.percent(reading.probability * 100, 0) }) : t('live_noReading')}
      </p>
    </div>
  );
}

export function LiveView({ status }: { status: LiveStatus | null }) {
  const { t } = useLocalizer();
  const reading = currentReading(status);
  const notice = status ? liveNotice(status, t) : null;
  const note = backendNote(status?.engine ?? null, t);
  const attentionOnly = status?.attentionOnly ?? false;

  return (
    <div class="stack">
      <LiveReading status={status} />

      {attentionOnly && (
        <p class="notice notice--info" data-testid="live-attention-only">
          {status?.policy.attentionOnly ? t('policy_attentionOnly') : t('attentionOnly_byStudent')}
        </p>
      )}
      <p class={`notice notice--${notice?.tone ?? (status ? 'ok' : 'info')}`} aria-live="polite">
        {notice?.text ?? (status ? t('live_allGood') : t('live_asking'))}
      </p>

      <dl class="facts">
        <div class="facts__row">
          <dt>{t('live_face')}</dt>
          <dd data-testid="live-face">{faceText(status, t)}</dd>
        </div>
        <EngagementFacts cues={currentEngagement(status)} attentionOnly={attentionOnly} />
        <div class="facts__row">
          <dt>{t('live_backend')}</dt>
          <dd data-testid="live-backend">{backendText(status?.engine ?? null, t)}</dd>
        </div>
      </dl>
      {note && (
        <p class="fine-print" data-testid="live-backend-note">
          {note}
        </p>
      )}

      {!attentionOnly && (
        <>
          <h2 class="section-title">{t('live_allExpressions')}</h2>
          <ExpressionBars
            label={t('live_barsLabel')}
            percents={reading ? percentsOf(reading.probabilities) : null}
            highlight={reading?.expression ?? null}
          />
        </>
      )}

      <CalibrationPanel />
    </div>
  );
}
