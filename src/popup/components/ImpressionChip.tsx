import type { MessageKey } from '../../shared/i18n';
import type { Impression } from '../../shared/summary';
import { useLocalizer } from '../localizer';

interface ImpressionChipProps {
  /** undefined while unknown (still loading); null when there is nothing to judge. */
  impression: Impression | null | undefined;
  testId?: string;
}

const CHIP_KEYS: Record<Impression, MessageKey> = { good: 'impression_good', bad: 'impression_bad' };

export function ImpressionChip({ impression, testId }: ImpressionChipProps) {
  const { t } = useLocalizer();
  const modifier = impression ?? (impression === null ? 'none' : 'loading');
  const text = impression ? t(CHIP_KEYS[impression]) : impression === null ? t('impression_none') : '…';
  return (
    <span class={`chip chip--${modifier}`} data-testid={testId}>
      {text}
    </span>
  );
}
