import type { PillKind } from '../lib/live-state';
import { PauseButton } from './PauseButton';
import { StatusPill } from './StatusPill';

interface HeaderProps {
  pill: PillKind;
  paused: boolean;
  pauseBusy: boolean;
  onTogglePause: () => void;
}

/** Nothing before the pause button takes focus: it is the first stop of the tab order. */
export function Header({ pill, paused, pauseBusy, onTogglePause }: HeaderProps) {
  return (
    <header class="header">
      <h1 class="header__title">Raut</h1>
      <StatusPill kind={pill} />
      <PauseButton paused={paused} busy={pauseBusy} onToggle={onTogglePause} />
    </header>
  );
}
