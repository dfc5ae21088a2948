/**
 * The teacher's class dashboard (a full tab: popups close when focus leaves). Participants, the
 * class table (the classroom study's interest counts) and the class timeline with its engagement
 * line, updated live from the hub's events; the class-level parts only once at least 3 students
 * share (k-anonymity, privacy rule 4). Exports the class summary as CSV and JSON.
 */
import { useEffect, useState } from 'preact/hooks';
import { ClassInterestTable } from '../popup/components/ClassInterestTable';
import { ErrorMessage } from '../popup/components/ErrorMessage';
import { TeacherClassTimeline } from '../popup/components/TeacherClassTimeline';
import { TeacherCode } from '../popup/components/TeacherCode';
import { TeacherParticipants } from '../popup/components/TeacherParticipants';
import { downloadTextFile } from '../popup/lib/download';
import { teacherStore } from '../teacher/browser-store';
import { findTeacherClass, type TeacherClass } from '../teacher/classes';
import { buildClassExport, classExportCsv, classExportFileName, classExportJson } from '../teacher/export';
import { isWithheld } from '../teacher/hub';
import { useClassData } from '../teacher/useClassData';
import { useLocalizer } from '../popup/localizer';
import { useTeacherModeOff } from './useTeacherModeOff';

/** How often the dashboard re-reads the hub when its event stream is down. */
const POLL_MS = 15_000;

export function Dashboard() {
  const { t, format } = useLocalizer();
  const code = new URLSearchParams(location.search).get('class') ?? '';
  const [entry, setEntry] = useState<TeacherClass | null | undefined>(undefined);
  useEffect(() => {
    void findTeacherClass(teacherStore, code).then((found) => setEntry(found ?? null));
  }, [code]);
  const teacherModeOff = useTeacherModeOff();
  const data = useClassData(teacherModeOff === false ? (entry ?? null) : null, { intervalMs: POLL_MS, withInfo: true, withTimeline: true, live: true });

  useEffect(() => {
    document.title = entry ? `Raut · ${entry.name}` : t('dashboard_brand');
  }, [entry, t]);

  if (teacherModeOff) return <p class="outside notice notice--info" data-testid="dashboard-policy">{t('policy_teacherOff')}</p>;
  if (entry === undefined || teacherModeOff === undefined) return <p class="outside">{t('common_loading')}</p>;
  if (entry === null) return <p class="outside">{t('dashboard_unknownClass', { code })}</p>;

  const exportAs = (kind: 'csv' | 'json') => {
    const summary = buildClassExport(data.info ?? { code: entry.code, name: entry.name, meetingLink: entry.meetingLink, createdAt: entry.createdAt }, data.participants ?? [], data.timeline);
    if (kind === 'csv') downloadTextFile(classExportFileName(entry.code, 'csv'), classExportCsv(summary), 'text/csv');
    else downloadTextFile(classExportFileName(entry.code, 'json'), classExportJson(summary), 'application/json');
  };

  const timeline = data.timeline;
  const closedAt = data.info?.closedAt ?? entry.closedAt ?? null;
  return (
    <div class="dashboard">
      <header class="dashboard__header">
        <div>
          <p class="dashboard__brand">{t('dashboard_brand')}</p>
          <h1 class="dashboard__title">{entry.name}</h1>
          {entry.meetingLink && <p class="fine-print">{entry.meetingLink}</p>}
        </div>
        <TeacherCode code={entry.code} />
      </header>
      <p class="dashboard__status fine-print" data-testid="dashboard-status">
        <span class={`dashboard__dot dashboard__dot--${data.connection}`} aria-hidden="true" />
        {data.connection === 'live' ? t('dashboard_live') : t('dashboard_polling', { interval: format.amount(POLL_MS / 1000, 'second') })}
        {data.info ? ` · ${t('dashboard_sharingOf', { sharing: data.info.sharing, joined: data.info.participants })}` : ''}
        {closedAt ? ` · ${t('dashboard_closedAt', { time: format.timeWithSeconds(closedAt) })}` : ''}
        {data.updatedAt ? ` · ${t('dashboard_updatedAt', { time: format.timeWithSeconds(data.updatedAt) })}` : ''}
      </p>
      <ErrorMessage message={data.deleted ? t('dashboard_classGone') : data.error} />

      <section class="dashboard__card" aria-labelledby="dash-participants">
        <h2 id="dash-participants" class="section-title">
          {data.participants ? t('teacher_sharingStudentsCount', { count: data.participants.length }) : t('teacher_sharingStudents')}
        </h2>
        <TeacherParticipants participants={data.participants} rowTestId="dashboard-participant" />
      </section>

      <section class="dashboard__card" aria-labelledby="dash-class-table">
        <h2 id="dash-class-table" class="section-title">
          {t('dashboard_classTableTitle')}
        </h2>
        <ClassInterestTable summary={data.info?.summary ?? null} />
      </section>

      <section class="dashboard__card" aria-labelledby="dash-timeline">
        <h2 id="dash-timeline" class="section-title">
          {t('dashboard_timelineTitle')}
        </h2>
        {timeline === null && <p class="muted">{t('common_loading')}</p>}
        {timeline !== null && isWithheld(timeline) && (
          <p class="notice notice--info" data-testid="dashboard-withheld">
            {t('dashboard_withheld')} {t('dashboard_withheldProgress', { students: timeline.students, required: timeline.required })}
          </p>
        )}
        {timeline !== null && !isWithheld(timeline) && (
          <div data-testid="dashboard-timeline">
            <TeacherClassTimeline timeline={timeline} />
          </div>
        )}
      </section>

      <section class="dashboard__card" aria-labelledby="dash-export">
        <h2 id="dash-export" class="section-title">
          {t('dashboard_exportTitle')}
        </h2>
        <div class="button-row">
          <button type="button" class="button" data-testid="dashboard-export-csv" disabled={data.participants === null} onClick={() => exportAs('csv')}>
            CSV
          </button>
          <button type="button" class="button" data-testid="dashboard-export-json" disabled={data.participants === null} onClick={() => exportAs('json')}>
            JSON
          </button>
        </div>
        <p class="fine-print">{t('dashboard_exportNote')}</p>
      </section>
    </div>
  );
}
