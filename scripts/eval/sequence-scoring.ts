/**
 * Scores frame sequences under every smoothing variant, with and without mirror TTA, from the
 * per-frame probabilities classified once. Pure: no tfjs. The smoothers are the extension's own
 * (src/shared/smoothing.ts), so what is measured is what runs.
 */
import { createSmoother, DEFAULT_SMOOTHING_PARAMETERS, type SmoothingMethod } from '../../src/shared/smoothing';
import { argmax, EXPRESSION_COUNT } from '../../src/shared/taxonomy';
import type { TestTimeAugmentation } from './classify';
import type { SequenceFrame } from './frame-sequences';
import { confusionMatrix, evaluateConfusion, type EvaluationMetrics } from './metrics';

export interface SmoothingVariant {
  method: SmoothingMethod;
  /** Half-life (exponential) or window length (window), in seconds; null when off. */
  seconds: number | null;
}

/** The grid compared on val; window lengths sit between frame times so 1 fps frames never straddle the edge. */
export const SMOOTHING_VARIANTS: readonly SmoothingVariant[] = [
  { method: 'off', seconds: null },
  ...[0.5, 0.75, 1, 1.5, 2, 3].map((seconds) => ({ method: 'exponential' as const, seconds })),
  ...[1.5, 2.5, 3.5, 5.5].map((seconds) => ({ method: 'window' as const, seconds })),
];

/** "After a switch" = the first this many seconds of a new face: where smoothing lags. */
export const AFTER_SWITCH_SECONDS = 2;

export interface VariantScore extends SmoothingVariant {
  tta: TestTimeAugmentation;
  metrics: EvaluationMetrics;
  /** Accuracy on frames less than AFTER_SWITCH_SECONDS after a new face appeared. */
  afterSwitchAccuracy: number;
  /** Frames whose predicted class differs from the previous frame's (same sequence), per 100 frames. */
  changesPer100Frames: number;
}

export function variantName(variant: SmoothingVariant & { tta: TestTimeAugmentation }): string {
  const smoothing = variant.method === 'off' ? 'no smoothing' : `${variant.method} ${variant.seconds} s`;
  return variant.tta === 'flip' ? `${smoothing} + flip` : smoothing;
}

function smoothedPredictions(frames: readonly SequenceFrame[], probabilities: readonly (readonly number[])[], variant: SmoothingVariant): number[] {
  const smoother = createSmoother(variant.method, {
    ...DEFAULT_SMOOTHING_PARAMETERS,
    halfLifeSeconds: variant.seconds ?? DEFAULT_SMOOTHING_PARAMETERS.halfLifeSeconds,
    windowSeconds: variant.seconds ?? DEFAULT_SMOOTHING_PARAMETERS.windowSeconds,
  });
  return frames.map((frame, i) => {
    if (i === 0 || frames[i - 1]?.sequence !== frame.sequence) smoother.reset();
    const smoothed = smoother.next(frame.timeMs, probabilities[i] as readonly number[]);
    return argmax(smoothed as number[]);
  });
}

/** Per-frame mean of the face's and its mirror image's probabilities, as `--tta flip` does. */
export function averageWithMirror(plain: readonly (readonly number[])[], mirrored: readonly (readonly number[])[]): number[][] {
  return plain.map((row, i) => row.map((value, k) => (value + (mirrored[i]?.[k] as number)) / 2));
}

/** Share of frames (after each sequence's first) whose value differs from the previous frame's, × 100. */
export function changesPer100Frames(frames: readonly SequenceFrame[], values: readonly number[]): number {
  let changes = 0;
  for (let i = 1; i < frames.length; i++) {
    if (frames[i]?.sequence === frames[i - 1]?.sequence && values[i] !== values[i - 1]) changes++;
  }
  return frames.length === 0 ? 0 : (100 * changes) / frames.length;
}

function afterSwitchAccuracy(frames: readonly SequenceFrame[], predictions: readonly number[]): number {
  let count = 0;
  let correct = 0;
  frames.forEach((frame, i) => {
    if (frame.sinceSwitchMs === null || frame.sinceSwitchMs >= AFTER_SWITCH_SECONDS * 1000) return;
    count++;
    if (predictions[i] === frame.label) correct++;
  });
  return count === 0 ? 0 : correct / count;
}

export function scoreVariant(
  frames: readonly SequenceFrame[],
  probabilities: readonly (readonly number[])[],
  variant: SmoothingVariant & { tta: TestTimeAugmentation },
): VariantScore {
  if (probabilities.length !== frames.length) throw new Error(`${frames.length} frames but ${probabilities.length} probability rows`);
  const predictions = smoothedPredictions(frames, probabilities, variant);
  return {
    ...variant,
    metrics: evaluateConfusion(confusionMatrix(frames.map((frame) => frame.label), predictions, EXPRESSION_COUNT)),
    afterSwitchAccuracy: afterSwitchAccuracy(frames, predictions),
    changesPer100Frames: changesPer100Frames(frames, predictions),
  };
}

/** Every smoothing variant without TTA, then every one with mirror TTA. */
export function scoreAllVariants(
  frames: readonly SequenceFrame[],
  plain: readonly (readonly number[])[],
  mirrored: readonly (readonly number[])[],
): VariantScore[] {
  const flipped = averageWithMirror(plain, mirrored);
  return (['none', 'flip'] as const).flatMap((tta) =>
    SMOOTHING_VARIANTS.map((variant) => scoreVariant(frames, tta === 'none' ? plain : flipped, { ...variant, tta })),
  );
}
