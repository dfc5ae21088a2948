interface PauseButtonProps {
  paused: boolean;
  busy: boolean;
  onToggle: () => void;
}

export function PauseButton({ paused, busy, onToggle }: PauseButtonProps) {
  return (
    <button
      type="button"
      class={`pause-button${paused ? ' pause-button--paused' : ''}`}
      data-testid="pause-toggle"
      aria-label={paused ? 'Resume analysis' : 'Pause analysis'}
      aria-busy={busy}
      disabled={busy}
      onClick={onToggle}
    >
      {paused ? 'Resume' : 'Pause'}
    </button>
  );
}
