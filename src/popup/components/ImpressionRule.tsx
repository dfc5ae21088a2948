import type { SessionSummary } from '../../shared/summary';
import { useLocalizer } from '../localizer';

/** The good/bad rule, with this session's numbers filled in. */
export function ImpressionRule({ summary }: { summary: SessionSummary }) {
  const { t, format } = useLocalizer();
  const { positive, neutral, negative } = summary.valence;
  const here =
    summary.impression === null
      ? t('impressionRule_none')
      : t('impressionRule_here', {
          favourable: format.percent(positive.percent + neutral.percent),
          comparison: summary.impression === 'good' ? '>' : '≤',
          negative: format.percent(negative.percent),
        });
  return (
    <p class="fine-print">
      {t('impressionRule_rule')} {here}
    </p>
  );
}
