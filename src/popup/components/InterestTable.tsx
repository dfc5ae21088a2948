import { INTEREST_KEYS } from '../../shared/i18n-labels';
import type { InterestTable as InterestCounts } from '../../shared/summary';
import { useLocalizer } from '../localizer';

/** The rows of the classroom study's table, in its order, with Raut's unknown last. */
export const INTEREST_ROWS = [
  ['interested', 'interested'],
  ['notInterested', 'not-interested'],
  ['notDetected', 'not-detected'],
  ['unknown', 'unknown'],
] as const;

/** Samples, then interested / not interested / not detected / unknown, each with its share of all samples. */
export function InterestTable({ table, testId }: { table: InterestCounts; testId?: string }) {
  const { t, format } = useLocalizer();
  return (
    <table class="figures" data-testid={testId}>
      <caption class="visually-hidden">{t('interest_caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('interest_label')}</th>
          <th scope="col">{t('interest_samples')}</th>
          <th scope="col">{t('valence_share')}</th>
        </tr>
      </thead>
      <tbody>
        {INTEREST_ROWS.map(([field, label]) => (
          <tr key={field} class={`figures__row figures__row--interest-${label}`} data-interest={label}>
            <th scope="row">
              <span class="swatch" aria-hidden="true" />
              {t(INTEREST_KEYS[label])}
            </th>
            <td>{format.count(table[field].count)}</td>
            <td>{format.percent(table[field].percent)}</td>
          </tr>
        ))}
        <tr class="figures__row figures__row--separated">
          <th scope="row">{t('interest_samples')}</th>
          <td>{format.count(table.samples)}</td>
          <td>{format.percent(table.samples > 0 ? 100 : 0)}</td>
        </tr>
      </tbody>
    </table>
  );
}
