import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useLocalizer } from '../localizer';

interface ConfirmButtonProps {
  label: string;
  question: string;
  confirmLabel: string;
  busy: boolean;
  /** Resolves true when done (the question closes); false keeps it open to try again. */
  onConfirm: () => Promise<boolean>;
}

/** A destructive action in two steps: the first click asks, the second does it. Cancel takes focus. */
export function ConfirmButton({ label, question, confirmLabel, busy, onConfirm }: ConfirmButtonProps) {
  const { t } = useLocalizer();
  const [asking, setAsking] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  // Layout effect: focus moves in the same frame as the swap, so a quick Enter hits the right button.
  useLayoutEffect(() => {
    if (asking) cancelButton.current?.focus();
    else if (wasAsking.current) startButton.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  const confirm = async () => {
    if (await onConfirm()) setAsking(false);
  };

  if (!asking) {
    return (
      <button ref={startButton} type="button" class="button button--danger-quiet" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="confirm" role="group" aria-label={question}>
      <p class="confirm__question">{question}</p>
      <div class="confirm__actions">
        <button type="button" class="button button--danger" disabled={busy} aria-busy={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
        <button ref={cancelButton} type="button" class="button" disabled={busy} onClick={() => setAsking(false)}>
          {t('common_cancel')}
        </button>
      </div>
    </div>
  );
}
