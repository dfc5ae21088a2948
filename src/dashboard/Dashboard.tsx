/**
 * The teacher's class dashboard (a full tab: popups close when focus leaves). Participants and
 * the class timeline, updated live from the hub's events; the timeline only once at least 3
 * students share (k-anonymity, privacy rule 4). Exports the class summary as CSV and JSON.
 */
import { useEffect, useState } from 'preact/hooks';
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

export const WITHHELD_NOTICE = 'Class-level charts appear once at least 3 students share (k-anonymity).';

export function Dashboard() {
  const code = new URLSearchParams(location.search).get('class') ?? '';
  const [entry, setEntry] = useState<TeacherClass | null | undefined>(undefined);
  useEffect(() => {
    void findTeacherClass(teacherStore, code).then((found) => setEntry(found ?? null));
  }, [code]);
  const data = useClassData(entry ?? null, { intervalMs: 15_000, withInfo: true, withTimeline: true, live: true });

  useEffect(() => {
    if (entry) document.title = `Raut · ${entry.name}`;
  }, [entry]);

  if (entry === undefined) return <p class="outside">Loading…</p>;
  if (entry === null) {
    return <p class="outside">This browser has no class with the code “{code}”. Create it in the popup’s teacher mode.</p>;
  }

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
          <p class="dashboard__brand">Raut · class dashboard</p>
          <h1 class="dashboard__title">{entry.name}</h1>
          {entry.meetingLink && <p class="fine-print">{entry.meetingLink}</p>}
        </div>
        <TeacherCode code={entry.code} />
      </header>
      <p class="dashboard__status fine-print" data-testid="dashboard-status">
        <span class={`dashboard__dot dashboard__dot--${data.connection}`} aria-hidden="true" />
        {data.connection === 'live' ? 'Live' : 'Refreshing every 15 s'}
        {data.info ? ` · ${data.info.sharing} sharing of ${data.info.participants} joined` : ''}
        {closedAt ? ` · closed ${new Date(closedAt).toLocaleTimeString()}` : ''}
        {data.updatedAt ? ` · updated ${new Date(data.updatedAt).toLocaleTimeString()}` : ''}
      </p>
      <ErrorMessage message={data.deleted ? 'This class no longer exists on the hub.' : data.error} />

      <section class="dashboard__card" aria-labelledby="dash-participants">
        <h2 id="dash-participants" class="section-title">
          Sharing students{data.participants ? ` (${data.participants.length})` : ''}
        </h2>
        <TeacherParticipants participants={data.participants} rowTestId="dashboard-participant" />
      </section>

      <section class="dashboard__card" aria-labelledby="dash-timeline">
        <h2 id="dash-timeline" class="section-title">
          Class timeline
        </h2>
        {timeline === null && <p class="muted">Loading…</p>}
        {timeline !== null && isWithheld(timeline) && (
          <p class="notice notice--info" data-testid="dashboard-withheld">
            {WITHHELD_NOTICE} Sharing so far: {timeline.students} of {timeline.required} needed.
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
          Export the class summary
        </h2>
        <div class="button-row">
          <button type="button" class="button" data-testid="dashboard-export-csv" disabled={data.participants === null} onClick={() => exportAs('csv')}>
            CSV
          </button>
          <button type="button" class="button" data-testid="dashboard-export-json" disabled={data.participants === null} onClick={() => exportAs('json')}>
            JSON
          </button>
        </div>
        <p class="fine-print">One row per sharing student; the class timeline is included only when the hub shows it.</p>
      </section>
    </div>
  );
}
