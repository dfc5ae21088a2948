import type { Impression } from '../../shared/summary';

interface ImpressionChipProps {
  /** undefined while unknown (still loading); null when there is nothing to judge. */
  impression: Impression | null | undefined;
  testId?: string;
}

const CHIP_TEXT: Record<Impression, string> = { good: 'Good', bad: 'Bad' };

export function ImpressionChip({ impression, testId }: ImpressionChipProps) {
  const modifier = impression ?? (impression === null ? 'none' : 'loading');
  const text = impression ? CHIP_TEXT[impression] : impression === null ? 'No data' : '…';
  return (
    <span class={`chip chip--${modifier}`} data-testid={testId}>
      {text}
    </span>
  );
}
