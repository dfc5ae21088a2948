import { EXPRESSIONS, valenceOf, type Expression } from '../../shared/taxonomy';
import { EXPRESSION_KEYS } from '../../shared/i18n-labels';
import { useLocalizer } from '../localizer';

interface ExpressionBarsProps {
  /** 0..100 per class; null draws empty bars (no reading). */
  percents: Record<Expression, number> | null;
  label: string;
  fractionDigits?: number;
  /** Shown before the percentage, e.g. frame counts. */
  counts?: Record<Expression, number>;
  highlight?: Expression | null;
}

/** The 7 classes in taxonomy order, one bar each, coloured by valence group. */
export function ExpressionBars({ percents, label, fractionDigits = 0, counts, highlight = null }: ExpressionBarsProps) {
  const { t, format } = useLocalizer();
  return (
    <ul class="bars" aria-label={label}>
      {EXPRESSIONS.map((expression) => {
        const percent = percents?.[expression] ?? 0;
        return (
          <li
            key={expression}
            class={`bars__row bars__row--${valenceOf(expression)}${expression === highlight ? ' bars__row--top' : ''}`}
          >
            <span class="bars__label">{t(EXPRESSION_KEYS[expression])}</span>
            <span class="bars__track" aria-hidden="true">
              <span class="bars__fill" style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} />
            </span>
            {counts && <span class="bars__count">{format.count(counts[expression])}</span>}
            <span class="bars__value">{percents ? format.percent(percent, fractionDigits) : '—'}</span>
          </li>
        );
      })}
    </ul>
  );
}
