import type { PopupMode } from '../../teacher/classes';

/** Student / Teacher: which side of Raut the popup shows. */
export function TeacherModeSwitch({ mode, onChange }: { mode: PopupMode; onChange: (mode: PopupMode) => void }) {
  return (
    <div class="teacher-mode" role="group" aria-label="Mode">
      <button type="button" class="teacher-mode__option" aria-pressed={mode === 'student'} data-testid="mode-student" onClick={() => onChange('student')}>
        Student
      </button>
      <button type="button" class="teacher-mode__option" aria-pressed={mode === 'teacher'} data-testid="mode-teacher" onClick={() => onChange('teacher')}>
        Teacher
      </button>
    </div>
  );
}
