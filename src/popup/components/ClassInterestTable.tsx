import type { ClassInfo } from '../../teacher/hub';
import { isWithheld } from '../../teacher/hub';
import { useLocalizer } from '../localizer';
import { InterestTable } from './InterestTable';

/**
 * The class table per lesson, as the classroom study reports it (samples, interested, not
 * interested, not detected, unknown, with %), and the class's mean engagement: class-level
 * numbers, so only once the hub shows them (k-anonymity: at least 3 sharing students).
 */
export function ClassInterestTable({ summary }: { summary: ClassInfo['summary'] | null }) {
  const { t, format } = useLocalizer();
  if (summary === null) return <p class="muted">{t('common_loading')}</p>;
  if (isWithheld(summary)) {
    return (
      <p class="notice notice--info" data-testid="dashboard-class-table-withheld">
        {t('dashboard_classTableWithheld')} {t('dashboard_withheldProgress', { students: summary.students, required: summary.required })}
      </p>
    );
  }
  return (
    <div class="stack">
      <InterestTable table={summary.interest} testId="dashboard-class-table" />
      <p class="muted" data-testid="dashboard-class-engagement">
        {summary.meanEngagement === null
          ? t('session_meanEngagementNone')
          : t('session_meanEngagement', { value: format.percent(summary.meanEngagement * 100, 0) })}
      </p>
      <p class="fine-print">{t('dashboard_classTableNote', { students: format.count(summary.students), minutes: format.count(summary.studentMinutes) })}</p>
    </div>
  );
}
