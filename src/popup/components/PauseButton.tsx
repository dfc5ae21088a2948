import { useLocalizer } from '../localizer';

interface PauseButtonProps {
  paused: boolean;
  busy: boolean;
  onToggle: () => void;
}

export function PauseButton({ paused, busy, onToggle }: PauseButtonProps) {
  const { t } = useLocalizer();
  return (
    <button
      type="button"
      class={`pause-button${paused ? ' pause-button--paused' : ''}`}
      data-testid="pause-toggle"
      aria-label={paused ? t('pause_resumeLabel') : t('pause_pauseLabel')}
      aria-busy={busy}
      disabled={busy}
      onClick={onToggle}
    >
      {paused ? t('pause_resume') : t('pause_pause')}
    </button>
  );
}
