import { AFTER_SWITCH_SECONDS, variantName } from './sequence-scoring';
import type { SequenceEvalReport } from './run-sequence-eval';
import { table } from './report-text';

const percent = (value: number): string => `${(100 * value).toFixed(1)} %`;

export function formatSequenceTextReport(report: SequenceEvalReport): string {
  const { sequenceOptions: options } = report;
  const skipped = report.skipped > 0 ? `, ${report.skipped} skipped` : '';
  const rows = report.scores.map((score) => [
    variantName(score),
    percent(score.metrics.accuracy),
    score.metrics.macro.f1.toFixed(3),
    percent(score.metrics.valenceAccuracy),
    percent(score.afterSwitchAccuracy),
    score.changesPer100Frames.toFixed(1),
  ]);
  return [
    `${report.modelId} (${report.adapterId} ${report.adapterVersion}) on frame sequences from ${report.dataset}: ${report.stillImages} still images${skipped}, backend ${report.backend}`,
    `${report.frames} frames in ${report.sequences} sequences at ${options.framesPerSecond} frames/s (seed ${options.seed}), ` +
      `each face held ${options.minHoldSeconds}–${options.maxHoldSeconds} s; ${report.switches} switches to another face, ${report.classChanges} of them to another class`,
    `true class changes per 100 frames: ${report.truthChangesPer100Frames.toFixed(1)}; inference ${(report.frames * 2 / report.seconds).toFixed(0)} images/s (face and mirror image)`,
    '',
    table([
      ['variant', 'accuracy', 'macro F1', 'valence', `first ${AFTER_SWITCH_SECONDS} s after a switch`, 'changes / 100 frames'],
      ...rows,
    ]),
  ].join('\n');
}

/** The `--sequences --json` summary: one entry per variant, the frame set described once. */
export function toSequenceJsonSummary(report: SequenceEvalReport): Record<string, unknown> {
  return {
    mode: 'sequences',
    model: report.modelId,
    frames: report.frames,
    variants: report.scores.map((score) => ({
      name: variantName(score),
      tta: score.tta,
      smoothing: score.method,
      seconds: score.seconds,
      accuracy: score.metrics.accuracy,
      macro_f1: score.metrics.macro.f1,
      valence_accuracy: score.metrics.valenceAccuracy,
      after_switch_accuracy: score.afterSwitchAccuracy,
      changes_per_100_frames: score.changesPer100Frames,
    })),
    adapter: `${report.adapterId}@${report.adapterVersion}`,
    dataset: report.dataset,
    backend: report.backend,
    still_images: report.stillImages,
    skipped: report.skipped,
    sequences: report.sequences,
    switches: report.switches,
    class_changes: report.classChanges,
    truth_changes_per_100_frames: report.truthChangesPer100Frames,
    sequence_options: report.sequenceOptions,
    after_switch_seconds: AFTER_SWITCH_SECONDS,
  };
}
