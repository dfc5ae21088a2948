import { useMemo } from 'preact/hooks';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExportButtons } from '../components/ExportButtons';
import { ExpressionBars } from '../components/ExpressionBars';
import { ImpressionRule } from '../components/ImpressionRule';
import { InterestTable } from '../components/InterestTable';
import { KeyFigures } from '../components/KeyFigures';
import { SessionActions } from '../components/SessionActions';
import { Timeline } from '../components/Timeline';
import { ValenceTable } from '../components/ValenceTable';
import { PLATFORM_KEYS } from '../../shared/i18n-labels';
import { minuteTimeline, summarizeSession, type SessionSummary } from '../../shared/summary';
import { EXPRESSIONS, type Expression } from '../../shared/taxonomy';
import { ATTENTION_ONLY_MODEL_ID } from '../../shared/types';
import { useSessionDetail } from '../hooks/useSessionDetail';
import type { SessionDetail } from '../lib/sessions';
import { useLocalizer } from '../localizer';

/** An active session grows while the popup is open. */
const ACTIVE_REFRESH_MS = 5000;

interface SessionViewProps {
  /** The session to show: one picked in History, else the active one, else none. */
  sessionId: string | null;
  activeSessionId: string | null;
  pickedInHistory: boolean;
  revision: number;
  onBackToHistory: () => void;
  onEnded: () => void;
  onDeleted: () => void;
}

function mapExpressions<T>(summary: SessionSummary, pick: (entry: SessionSummary['expressions'][Expression]) => T) {
  return Object.fromEntries(EXPRESSIONS.map((e) => [e, pick(summary.expressions[e])])) as Record<Expression, T>;
}

/** A session analysed in attention-only mode has no expressions to show (no model read any). */
function hasExpressions(summary: SessionSummary): boolean {
  return summary.classified > 0 || summary.modelId !== ATTENTION_ONLY_MODEL_ID;
}

interface SessionReportProps {
  detail: SessionDetail;
  onEnded: () => void;
  onDeleted: () => void;
}

function SessionReport({ detail, onEnded, onDeleted }: SessionReportProps) {
  const { t, format } = useLocalizer();
  const { session, samples } = detail;
  const summary = useMemo(() => summarizeSession(session, samples), [detail]);
  const timeline = useMemo(() => minuteTimeline(samples), [detail]);
  const expressions = hasExpressions(summary);

  return (
    <>
      <div class="session-head">
        <h2 class="view-title session-head__title">{session.title}</h2>
        <p class="muted">
          {t(PLATFORM_KEYS[session.platform])} · {format.dateTime(session.startedAt)} · {format.duration(summary.durationMs)}
          {session.status === 'active' && <span class="chip chip--active">{t('session_inProgress')}</span>}
        </p>
      </div>
      <KeyFigures summary={summary} withImpression={expressions} />
      {expressions && <ImpressionRule summary={summary} />}

      <h3 class="section-title">{t('session_interestTitle', { count: format.count(summary.interest.samples) })}</h3>
      <InterestTable table={summary.interest} testId="session-interest" />
      <p class="muted" data-testid="session-engagement">
        {summary.meanEngagement === null
          ? t('session_meanEngagementNone')
          : t('session_meanEngagement', { value: format.percent(summary.meanEngagement * 100, 0) })}
      </p>

      {expressions && (
        <>
          <h3 class="section-title">{t('session_expressionsTitle', { count: format.count(summary.classified) })}</h3>
          <ExpressionBars
            label={t('session_barsLabel')}
            percents={mapExpressions(summary, (entry) => entry.percent)}
            counts={mapExpressions(summary, (entry) => entry.count)}
            fractionDigits={1}
            highlight={summary.dominantExpression}
          />

          <h3 class="section-title">{t('session_reactions')}</h3>
          <ValenceTable summary={summary} />
        </>
      )}

      <h3 class="section-title">{t('session_timeline')}</h3>
      <Timeline buckets={timeline} expressions={expressions} />

      <h3 class="section-title">{t('session_export')}</h3>
      <ExportButtons sessionId={session.id} />
      <SessionActions session={session} onEnded={onEnded} onDeleted={onDeleted} />
    </>
  );
}

interface LoadedSessionProps {
  sessionId: string;
  activeSessionId: string | null;
  revision: number;
  onEnded: () => void;
  onDeleted: () => void;
}

function LoadedSession({ sessionId, activeSessionId, revision, onEnded, onDeleted }: LoadedSessionProps) {
  const { t } = useLocalizer();
  const { detail, error } = useSessionDetail(sessionId, revision, sessionId === activeSessionId ? ACTIVE_REFRESH_MS : null);
  if (error && detail === undefined) return <ErrorMessage message={error} />;
  if (detail === undefined) return <p class="muted">{t('session_loading')}</p>;
  if (detail === null) return <p class="empty">{t('session_gone')}</p>;
  return (
    <>
      <ErrorMessage message={error} />
      <SessionReport detail={detail} onEnded={onEnded} onDeleted={onDeleted} />
    </>
  );
}

export function SessionView({ sessionId, pickedInHistory, onBackToHistory, ...loadedProps }: SessionViewProps) {
  const { t } = useLocalizer();
  return (
    <div class="stack">
      {pickedInHistory && (
        <button type="button" class="link-button" onClick={onBackToHistory}>
          {t('session_back')}
        </button>
      )}
      {sessionId === null ? (
        <p class="empty">{t('session_none')}</p>
      ) : (
        <LoadedSession {...loadedProps} sessionId={sessionId} />
      )}
    </div>
  );
}
