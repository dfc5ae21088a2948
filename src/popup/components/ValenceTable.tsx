import { formatPercent, type SessionSummary } from '../../shared/summary';
import { VALENCE_GROUPS } from '../../shared/taxonomy';
import { VALENCE_LABELS } from '../lib/labels';

/** Positive / neutral / negative totals (of classified frames), then frames that were not classified. */
export function ValenceTable({ summary }: { summary: SessionSummary }) {
  return (
    <table class="figures">
      <caption class="visually-hidden">Frames by reaction group</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Frames</th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {VALENCE_GROUPS.map((group) => (
          <tr key={group} class={`figures__row figures__row--${group}`}>
            <th scope="row">
              <span class="swatch" aria-hidden="true" />
              {VALENCE_LABELS[group]}
            </th>
            <td>{summary.valence[group].count}</td>
            <td>{formatPercent(summary.valence[group].percent)}</td>
          </tr>
        ))}
        <tr class="figures__row figures__row--notDetected figures__row--separated">
          <th scope="row">
            <span class="swatch" aria-hidden="true" />
            Not detected
          </th>
          <td>{summary.notDetected.count}</td>
          <td>{formatPercent(summary.notDetected.percent)}</td>
        </tr>
        <tr class="figures__row figures__row--unknown">
          <th scope="row">
            <span class="swatch" aria-hidden="true" />
            Unclear
          </th>
          <td>{summary.unknown.count}</td>
          <td>{formatPercent(summary.unknown.percent)}</td>
        </tr>
      </tbody>
    </table>
  );
}
