import type { ParticipantView } from '../../teacher/hub';

const pct = (value: number) => `${Math.round(value)}%`;

function lastSeen(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return 'now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

interface TeacherParticipantsProps {
  participants: readonly ParticipantView[] | null;
  /** data-testid of each row: `teacher-participant` in the popup, `dashboard-participant` on the dashboard. */
  rowTestId: string;
  compact?: boolean;
  now?: number;
}

/** The consenting participants: each one's own summary, which they agreed to share with the teacher. */
export function TeacherParticipants({ participants, rowTestId, compact = false, now = Date.now() }: TeacherParticipantsProps) {
  if (participants === null) return <p class="muted">Loading participants…</p>;
  if (participants.length === 0) {
    return <p class="empty">No student shares with this class yet. Give them the class code; only students who consent appear here.</p>;
  }
  return (
    <div class="teacher-table__wrap">
      <table class={`teacher-table${compact ? ' teacher-table--compact' : ''}`}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" title="Minutes shared">Min</th>
            <th scope="col" class="teacher-table__positive" title="Positive, of classified frames">Pos</th>
            <th scope="col" class="teacher-table__neutral" title="Neutral, of classified frames">Neu</th>
            <th scope="col" class="teacher-table__negative" title="Negative, of classified frames">Neg</th>
            <th scope="col" title="Not detected, of all frames">N/D</th>
            {!compact && <th scope="col">Impression</th>}
            <th scope="col" title="Last seen">Seen</th>
          </tr>
        </thead>
        <tbody>
          {participants.map((p) => (
            <tr key={p.studentId} data-testid={rowTestId}>
              <th scope="row" class="teacher-table__name" data-testid={`${rowTestId}-name`}>
                {p.displayName}
              </th>
              <td>{p.minutesShared}</td>
              <td>{pct(p.percent.positive)}</td>
              <td>{pct(p.percent.neutral)}</td>
              <td>{pct(p.percent.negative)}</td>
              <td>{pct(p.percent.notDetected)}</td>
              {!compact && <td>{p.impression ?? '–'}</td>}
              <td>{lastSeen(p.lastSeenAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
