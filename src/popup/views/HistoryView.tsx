import { ErrorMessage } from '../components/ErrorMessage';
import { ExportAllButton } from '../components/ExportAllButton';
import { ImpressionChip } from '../components/ImpressionChip';
import { PLATFORM_KEYS } from '../../shared/i18n-labels';
import type { SessionSummary } from '../../shared/summary';
import type { SessionRecord } from '../../shared/types';
import { useSessionHistory } from '../hooks/useSessionHistory';
import { useLocalizer } from '../localizer';

interface HistoryViewProps {
  revision: number;
  retentionDays: number | null;
  onOpen: (sessionId: string) => void;
}

function HistoryItem({ session, summary, onOpen }: { session: SessionRecord; summary: SessionSummary | undefined; onOpen: () => void }) {
  const { t, format } = useLocalizer();
  const duration = summary ? format.duration(summary.durationMs) : '…';
  return (
    <li>
      <button type="button" class="history-item" data-testid="history-item" onClick={onOpen}>
        <span class="history-item__text">
          <span class="history-item__title" title={session.title}>
            {session.title}
          </span>
          <span class="history-item__meta">{format.dateTime(session.startedAt)}</span>
          <span class="history-item__meta">
            {session.status === 'active' ? t('history_soFar', { duration }) : duration} · {t(PLATFORM_KEYS[session.platform])}
          </span>
        </span>
        <ImpressionChip impression={summary?.impression} />
      </button>
    </li>
  );
}

export function HistoryView({ revision, retentionDays, onOpen }: HistoryViewProps) {
  const { t, format } = useLocalizer();
  const { sessions, summaries, error } = useSessionHistory(revision);

  return (
    <div class="stack">
      <div class="view-heading">
        <h2 class="view-title">{t('history_title')}</h2>
        <ExportAllButton disabled={!sessions || sessions.length === 0} />
      </div>
      <ErrorMessage message={error} />
      {sessions?.length === 0 && (
        <p class="empty">
          {t('history_empty')}
          {retentionDays !== null && ` ${t('history_retention', { days: format.amount(retentionDays, 'day') })}`}
        </p>
      )}
      {sessions && sessions.length > 0 && (
        <ul class="history" aria-label={t('history_listLabel')}>
          {sessions.map((session) => (
            <HistoryItem
              key={session.id}
              session={session}
              summary={summaries.get(session.id)}
              onOpen={() => onOpen(session.id)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
