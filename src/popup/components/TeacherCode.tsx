import { useState } from 'preact/hooks';
import { useLocalizer } from '../localizer';

/** The class code, large, with a copy button: what the teacher reads out or pastes in the chat. */
export function TeacherCode({ code }: { code: string }) {
  const { t } = useLocalizer();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="teacher-code">
      <span class="teacher-code__label">{t('common_classCode')}</span>
      <output class="teacher-code__value" data-testid="teacher-code" aria-label={t('teacherCode_spelled', { code: code.split('').join(' ') })}>
        {code}
      </output>
      <button type="button" class="button button--small" onClick={() => void copy()} data-testid="teacher-copy-code">
        {copied ? t('teacherCode_copied') : t('teacherCode_copy')}
      </button>
    </div>
  );
}
