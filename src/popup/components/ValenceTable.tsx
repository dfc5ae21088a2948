import { VALENCE_KEYS } from '../../shared/i18n-labels';
import type { SessionSummary } from '../../shared/summary';
import { VALENCE_GROUPS } from '../../shared/taxonomy';
import { useLocalizer } from '../localizer';

/** Positive / neutral / negative totals (of classified frames), then frames that were not classified. */
export function ValenceTable({ summary }: { summary: SessionSummary }) {
  const { t, format } = useLocalizer();
  return (
    <table class="figures">
      <caption class="visually-hidden">{t('valence_caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('valence_group')}</th>
          <th scope="col">{t('common_frames')}</th>
          <th scope="col">{t('valence_share')}</th>
        </tr>
      </thead>
      <tbody>
        {VALENCE_GROUPS.map((group) => (
          <tr key={group} class={`figures__row figures__row--${group}`}>
            <th scope="row">
              <span class="swatch" aria-hidden="true" />
              {t(VALENCE_KEYS[group])}
            </th>
            <td>{format.count(summary.valence[group].count)}</td>
            <td>{format.percent(summary.valence[group].percent)}</td>
          </tr>
        ))}
        <tr class="figures__row figures__row--notDetected figures__row--separated">
          <th scope="row">
            <span class="swatch" aria-hidden="true" />
            {t('common_notDetected')}
          </th>
          <td>{format.count(summary.notDetected.count)}</td>
          <td>{format.percent(summary.notDetected.percent)}</td>
        </tr>
        <tr class="figures__row figures__row--unknown">
          <th scope="row">
            <span class="swatch" aria-hidden="true" />
            {t('group_unknown')}
          </th>
          <td>{format.count(summary.unknown.count)}</td>
          <td>{format.percent(summary.unknown.percent)}</td>
        </tr>
      </tbody>
    </table>
  );
}
