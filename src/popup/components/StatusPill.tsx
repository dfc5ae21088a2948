import { PILL_KEYS, type PillKind } from '../lib/live-state';
import { useLocalizer } from '../localizer';

export function StatusPill({ kind }: { kind: PillKind }) {
  const { t } = useLocalizer();
  return (
    <span class={`pill pill--${kind}`} role="status" data-testid="status">
      <span class="pill__dot" aria-hidden="true" />
      {t(PILL_KEYS[kind])}
    </span>
  );
}
