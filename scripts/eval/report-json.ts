import { EXPRESSIONS } from '../../src/shared/taxonomy';
import type { ClassMetrics } from './metrics';
import type { EvalReport } from './run-eval';

/** The `--json` summary. The first keys are the documented contract; the rest is extra detail. */
export function toJsonSummary(report: EvalReport): Record<string, unknown> {
  const { metrics } = report;
  const perClass: Record<string, ClassMetrics> = {};
  metrics.perClass.forEach((classMetrics, k) => {
    perClass[EXPRESSIONS[k] as string] = classMetrics;
  });
  return {
    model: report.modelId,
    n: metrics.n,
    accuracy: metrics.accuracy,
    macro_f1: metrics.macro.f1,
    valence_accuracy: metrics.valenceAccuracy,
    per_class: perClass,
    confusion: metrics.confusion,
    adapter: `${report.adapterId}@${report.adapterVersion}`,
    dataset: report.dataset,
    backend: report.backend,
    tta: report.tta,
    skipped: report.skipped,
    macro: metrics.macro,
    weighted: metrics.weighted,
    images_per_second: report.imagesPerSecond,
  };
}
