import { PILL_LABELS, type PillKind } from '../lib/live-state';

export function StatusPill({ kind }: { kind: PillKind }) {
  return (
    <span class={`pill pill--${kind}`} role="status" data-testid="status">
      <span class="pill__dot" aria-hidden="true" />
      {PILL_LABELS[kind]}
    </span>
  );
}
