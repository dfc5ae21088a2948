/**
 * Teacher mode in the popup: the hub address, a new class (its code shown large), the teacher's
 * classes, and the selected class's consenting participants, re-read every few seconds. The
 * dashboard (a full tab) has the class timeline and the exports; popups close when focus leaves.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { localize, localizedError } from '../../shared/i18n';
import { checkHubUrl } from '../../shared/sharing';
import { teacherStore } from '../../teacher/browser-store';
import {
  DEFAULT_HUB_URL,
  loadHubUrl,
  loadTeacherClasses,
  removeTeacherClass,
  saveHubUrl,
  saveTeacherClass,
  updateTeacherClass,
  type TeacherClass,
} from '../../teacher/classes';
import { TeacherHub, TeacherHubError } from '../../teacher/hub';
import { useClassData } from '../../teacher/useClassData';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { TeacherCode } from '../components/TeacherCode';
import { TeacherParticipants } from '../components/TeacherParticipants';
import { useAction } from '../hooks/useAction';
import { useLocalizer } from '../localizer';

const hub = new TeacherHub();
const REFRESH_MS = 4000;

export function dashboardUrl(code: string): string {
  return browser.runtime.getURL(`src/dashboard/dashboard.html?class=${encodeURIComponent(code)}`);
}

export function TeacherView() {
  const [hubInput, setHubInput] = useState(DEFAULT_HUB_URL);
  /** Once the teacher types an address, the remembered one (loaded a moment later) must not replace it. */
  const hubTyped = useRef(false);
  const [classes, setClasses] = useState<TeacherClass[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [link, setLink] = useState('');
  const { t } = useLocalizer();
  const create = useAction();
  const manage = useAction();

  useEffect(() => {
    void loadHubUrl(teacherStore).then((remembered) => {
      if (!hubTyped.current) setHubInput(remembered);
    });
    void loadTeacherClasses(teacherStore).then((list) => {
      setClasses(list);
      setSelected((current) => current ?? list[0]?.code ?? null);
    });
  }, []);

  const hubCheck = checkHubUrl(hubInput);
  const current = useMemo(() => classes?.find((c) => c.code === selected) ?? null, [classes, selected]);
  const data = useClassData(current, { intervalMs: REFRESH_MS });

  const onCreate = (event: Event) => {
    event.preventDefault();
    void create.run(async () => {
      if (!hubCheck.ok) throw localizedError('teacher_hubInvalid', { reason: hubCheck.error });
      await saveHubUrl(teacherStore, hubCheck.url);
      const created = await hub.createClass(hubCheck.url, name, link);
      const entry: TeacherClass = {
        hubUrl: hubCheck.url,
        code: created.code,
        classId: created.classId,
        name: name.trim(),
        meetingLink: link.trim() || null,
        teacherSecret: created.teacherSecret,
        createdAt: Date.now(),
        closedAt: null,
      };
      setClasses(await saveTeacherClass(teacherStore, entry));
      setSelected(created.code);
      setName('');
      setLink('');
    });
  };

  const onClose = () =>
    current &&
    manage.run(async () => {
      const { closedAt } = await hub.close(current);
      setClasses(await updateTeacherClass(teacherStore, current, { closedAt }));
    });

  const onDelete = async () => {
    if (!current) return false;
    return manage.run(async () => {
      try {
        await hub.remove(current);
      } catch (error) {
        // Already gone on the hub: forget it here too. Anything else (hub unreachable) keeps it, to try again.
        if (!(error instanceof TeacherHubError && error.status === 404)) throw error;
      }
      const list = await removeTeacherClass(teacherStore, current);
      setClasses(list);
      setSelected(list[0]?.code ?? null);
    });
  };

  return (
    <div class="stack teacher">
      {classes !== null && classes.length > 0 && (
        <div class="field">
          <label class="field__label" for="teacher-class-select">
            {t('teacher_yourClasses')}
          </label>
          <select id="teacher-class-select" class="input" value={selected ?? ''} data-testid="teacher-classes" onChange={(e) => setSelected(e.currentTarget.value)}>
            {classes.map((c) => (
              <option key={`${c.hubUrl}|${c.code}`} value={c.code}>
                {t(c.closedAt ? 'teacher_classOptionClosed' : 'teacher_classOption', { name: c.name, code: c.code })}
              </option>
            ))}
          </select>
        </div>
      )}

      {current && (
        <section class="stack" aria-label={t('teacher_classSection', { name: current.name })}>
          <TeacherCode code={current.code} />
          {current.closedAt ? <p class="notice notice--info">{t('teacher_closedNotice')}</p> : null}
          <h2 class="section-title">
            {data.participants ? t('teacher_sharingStudentsCount', { count: data.participants.length }) : t('teacher_sharingStudents')}
          </h2>
          <ErrorMessage message={data.error} />
          <TeacherParticipants participants={data.participants} rowTestId="teacher-participant" compact />
          <p class="fine-print">{t('teacher_consentNote')}</p>
          <div class="button-row">
            <button type="button" class="button button--primary" data-testid="teacher-open-dashboard" onClick={() => void browser.tabs.create({ url: dashboardUrl(current.code) })}>
              {t('teacher_openDashboard')}
            </button>
            {!current.closedAt && (
              <button type="button" class="button" disabled={manage.busy} data-testid="teacher-close" onClick={() => void onClose()}>
                {t('teacher_closeClass')}
              </button>
            )}
          </div>
          <ConfirmButton
            label={t('teacher_deleteClass')}
            question={t('teacher_deleteQuestion', { name: current.name })}
            confirmLabel={t('teacher_deleteConfirm')}
            busy={manage.busy}
            onConfirm={onDelete}
          />
          <ErrorMessage message={manage.error} />
        </section>
      )}

      <form class="field" onSubmit={onCreate}>
        <span class="field__label">{t('teacher_newClass')}</span>
        <label class="field__hint" for="teacher-hub">
          {t('teacher_hubLabel')}
        </label>
        <input
          id="teacher-hub"
          class="input"
          type="url"
          value={hubInput}
          data-testid="teacher-hub"
          aria-invalid={!hubCheck.ok}
          aria-describedby="teacher-hub-hint"
          onInput={(e) => {
            hubTyped.current = true;
            setHubInput(e.currentTarget.value);
          }}
          onBlur={() => hubCheck.ok && void saveHubUrl(teacherStore, hubCheck.url)}
        />
        <p id="teacher-hub-hint" class="field__hint">
          {hubCheck.ok ? t('teacher_hubHint') : t('teacher_hubInvalid', { reason: localize(hubCheck.error, t) })}
        </p>
        <input
          class="input"
          placeholder={t('teacher_namePlaceholder')}
          value={name}
          maxLength={120}
          required
          data-testid="teacher-class-name"
          aria-label={t('teacher_nameLabel')}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <input
          class="input"
          type="url"
          placeholder={t('teacher_linkLabel')}
          value={link}
          data-testid="teacher-meeting-link"
          aria-label={t('teacher_linkLabel')}
          onInput={(e) => setLink(e.currentTarget.value)}
        />
        <button type="submit" class="button button--primary" disabled={create.busy || !hubCheck.ok || name.trim() === ''} aria-busy={create.busy} data-testid="teacher-create">
          {t('teacher_create')}
        </button>
        <ErrorMessage message={create.error} />
      </form>
    </div>
  );
}
