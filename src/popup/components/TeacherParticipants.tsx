import type { ParticipantView } from '../../teacher/hub';
import { useLocalizer } from '../localizer';

interface TeacherParticipantsProps {
  participants: readonly ParticipantView[] | null;
  /** data-testid of each row: `teacher-participant` in the popup, `dashboard-participant` on the dashboard. */
  rowTestId: string;
  compact?: boolean;
  now?: number;
}

/** The consenting participants: each one's own summary, which they agreed to share with the teacher. */
export function TeacherParticipants({ participants, rowTestId, compact = false, now = Date.now() }: TeacherParticipantsProps) {
  const { t, format } = useLocalizer();
  if (participants === null) return <p class="muted">{t('participants_loading')}</p>;
  if (participants.length === 0) return <p class="empty">{t('participants_empty')}</p>;
  const pct = (value: number) => format.percent(value, 0);
  return (
    <div class="teacher-table__wrap">
      <table class={`teacher-table${compact ? ' teacher-table--compact' : ''}`}>
        <thead>
          <tr>
            <th scope="col">{t('participants_name')}</th>
            <th scope="col" title={t('participants_minutesTitle')}>
              {t('participants_minutes')}
            </th>
            <th scope="col" class="teacher-table__positive" title={t('participants_positiveTitle')}>
              {t('participants_positive')}
            </th>
            <th scope="col" class="teacher-table__neutral" title={t('participants_neutralTitle')}>
              {t('participants_neutral')}
            </th>
            <th scope="col" class="teacher-table__negative" title={t('participants_negativeTitle')}>
              {t('participants_negative')}
            </th>
            <th scope="col" title={t('participants_notDetectedTitle')}>
              {t('participants_notDetected')}
            </th>
            {!compact && (
              <th scope="col" title={t('participants_interestedTitle')}>
                {t('participants_interested')}
              </th>
            )}
            {!compact && (
              <th scope="col" title={t('participants_notInterestedTitle')}>
                {t('participants_notInterested')}
              </th>
            )}
            {!compact && <th scope="col">{t('common_impression')}</th>}
            <th scope="col" title={t('participants_seenTitle')}>
              {t('participants_seen')}
            </th>
          </tr>
        </thead>
        <tbody>
          {participants.map((p) => (
            <tr key={p.studentId} data-testid={rowTestId}>
              <th scope="row" class="teacher-table__name" data-testid={`${rowTestId}-name`} title={p.displayName}>
                {p.displayName}
              </th>
              <td>{format.count(p.minutesShared)}</td>
              <td>{pct(p.percent.positive)}</td>
              <td>{pct(p.percent.neutral)}</td>
              <td>{pct(p.percent.negative)}</td>
              <td>{pct(p.percent.notDetected)}</td>
              {!compact && <td data-testid={`${rowTestId}-interested`}>{pct(p.interest.interested.percent)}</td>}
              {!compact && <td>{pct(p.interest.notInterested.percent)}</td>}
              {!compact && <td>{p.impression === null ? '–' : t(p.impression === 'good' ? 'impression_good' : 'impression_bad')}</td>}
              <td>{format.ago(p.lastSeenAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
