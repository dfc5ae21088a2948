import { EXPRESSIONS } from '../../src/shared/taxonomy';
import type { AveragedMetrics, ConfusionMatrix } from './metrics';
import type { EvalReport } from './run-eval';

const percent = (value: number): string => `${(100 * value).toFixed(1)} %`;
const fixed = (value: number): string => value.toFixed(3);

export function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((text, column) => (column === 0 ? text.padEnd(widths[0] ?? 0) : text.padStart(widths[column] ?? 0))).join('  '))
    .join('\n');
}

function averageRow(name: string, average: AveragedMetrics, support: number): string[] {
  return [name, fixed(average.precision), fixed(average.recall), fixed(average.f1), String(support)];
}

export function formatConfusionTable(confusion: ConfusionMatrix, labels: readonly string[] = EXPRESSIONS): string {
  const header = ['true \\ predicted', ...labels];
  const rows = confusion.map((row, k) => [labels[k] ?? String(k), ...row.map(String)]);
  return table([header, ...rows]);
}

export function formatTextReport(report: EvalReport): string {
  const { metrics } = report;
  const perClassRows = metrics.perClass.map((m, k) => [EXPRESSIONS[k] as string, fixed(m.precision), fixed(m.recall), fixed(m.f1), String(m.support)]);
  const skipped = report.skipped > 0 ? `, ${report.skipped} skipped` : '';
  return [
    `${report.modelId} (${report.adapterId} ${report.adapterVersion}) on ${report.dataset}: ${metrics.n} images${skipped}, backend ${report.backend}, tta ${report.tta}`,
    `accuracy ${percent(metrics.accuracy)}   macro F1 ${fixed(metrics.macro.f1)}   valence accuracy ${percent(metrics.valenceAccuracy)}   ${report.imagesPerSecond.toFixed(0)} images/s`,
    '',
    table([
      ['class', 'precision', 'recall', 'f1', 'support'],
      ...perClassRows,
      averageRow('macro avg', metrics.macro, metrics.n),
      averageRow('weighted avg', metrics.weighted, metrics.n),
    ]),
    '',
    'confusion (rows = true class, columns = predicted class)',
    formatConfusionTable(metrics.confusion),
  ].join('\n');
}
