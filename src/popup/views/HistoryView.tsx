import { ErrorMessage } from '../components/ErrorMessage';
import { ExportAllButton } from '../components/ExportAllButton';
import { ImpressionChip } from '../components/ImpressionChip';
import { formatDuration, type SessionSummary } from '../../shared/summary';
import type { SessionRecord } from '../../shared/types';
import { useSessionHistory } from '../hooks/useSessionHistory';
import { formatDateTime, PLATFORM_LABELS } from '../lib/labels';

interface HistoryViewProps {
  revision: number;
  retentionDays: number | null;
  onOpen: (sessionId: string) => void;
}

function HistoryItem({ session, summary, onOpen }: { session: SessionRecord; summary: SessionSummary | undefined; onOpen: () => void }) {
  const duration = summary ? formatDuration(summary.durationMs) : '…';
  const active = session.status === 'active';
  return (
    <li>
      <button type="button" class="history-item" data-testid="history-item" onClick={onOpen}>
        <span class="history-item__text">
          <span class="history-item__title">{session.title}</span>
          <span class="history-item__meta">{formatDateTime(session.startedAt)}</span>
          <span class="history-item__meta">
            {duration}{active && ' so far'} · {PLATFORM_LABELS[session.platform]}
          </span>
        </span>
        <ImpressionChip impression={summary?.impression} />
      </button>
    </li>
  );
}

export function HistoryView({ revision, retentionDays, onOpen }: HistoryViewProps) {
  const { sessions, summaries, error } = useSessionHistory(revision);
  const retention = retentionDays === null ? '' : ` Sessions older than ${retentionDays} days are deleted.`;

  return (
    <div class="stack">
      <div class="view-heading">
        <h2 class="view-title">Past sessions</h2>
        <ExportAllButton disabled={!sessions || sessions.length === 0} />
      </div>
      <ErrorMessage message={error} />
      {sessions?.length === 0 && (
        <p class="empty">
          No sessions yet. When you join a class with your camera on, Raut keeps a session here.{retention}
        </p>
      )}
      {sessions && sessions.length > 0 && (
        <ul class="history" aria-label="Sessions, newest first">
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
