import { formatPercent, type SessionSummary } from '../../shared/summary';

/** The good/bad rule, with this session's numbers filled in. */
export function ImpressionRule({ summary }: { summary: SessionSummary }) {
  const { positive, neutral, negative } = summary.valence;
  return (
    <p class="fine-print">
      Good when positive + neutral &gt; negative, otherwise Bad.
      {summary.impression !== null &&
        ` Here: ${formatPercent(positive.percent + neutral.percent)} ${summary.impression === 'good' ? '>' : '≤'} ${formatPercent(negative.percent)}.`}
      {summary.impression === null && ' No frame has been classified yet.'}
    </p>
  );
}
