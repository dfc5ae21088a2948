import type { PopupMode } from '../../teacher/classes';
import { useLocalizer } from '../localizer';

/** Student / Teacher: which side of Raut the popup shows. */
export function TeacherModeSwitch({ mode, onChange }: { mode: PopupMode; onChange: (mode: PopupMode) => void }) {
  const { t } = useLocalizer();
  return (
    <div class="teacher-mode" role="group" aria-label={t('mode_label')}>
      <button type="button" class="teacher-mode__option" aria-pressed={mode === 'student'} data-testid="mode-student" onClick={() => onChange('student')}>
        {t('mode_student')}
      </button>
      <button type="button" class="teacher-mode__option" aria-pressed={mode === 'teacher'} data-testid="mode-teacher" onClick={() => onChange('teacher')}>
        {t('mode_teacher')}
      </button>
    </div>
  );
}
