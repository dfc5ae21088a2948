import { useState } from 'preact/hooks';

/** The class code, large, with a copy button: what the teacher reads out or pastes in the chat. */
export function TeacherCode({ code }: { code: string }) {
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
      <span class="teacher-code__label">Class code</span>
      <output class="teacher-code__value" data-testid="teacher-code" aria-label={`Class code ${code.split('').join(' ')}`}>
        {code}
      </output>
      <button type="button" class="button button--small" onClick={() => void copy()} data-testid="teacher-copy-code">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
