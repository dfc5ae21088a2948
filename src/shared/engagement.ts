/**
 * Engagement of one frame, the way the classroom research counts it: Sharma et al.'s concentration
 * index (dominant emotion's weight × a gaze/head weight, three levels) and the study's interest
 * label (interested / not interested / not detected, plus Raut's unknown). Pure functions; the
 * offscreen engine, the summaries and the exports all use these, so the numbers agree everywhere.
 * Sources, values and where Raut departs from the paper: docs/engagement.md.
 */
import type { Calibration } from './calibration';
import { angleDifference, type HeadPose } from './head-pose';
import { EXPRESSIONS, argmax, type Expression } from './taxonomy';

export const CONCENTRATION_LEVELS = ['highly-engaged', 'nominally-engaged', 'not-engaged'] as const;
export type ConcentrationLevel = (typeof CONCENTRATION_LEVELS)[number];

export const INTEREST_LABELS = ['interested', 'not-interested', 'not-detected', 'unknown'] as const;
export type InterestLabel = (typeof INTEREST_LABELS)[number];

/** Sharma et al. (2019): weight of the dominant emotion. */
export const EMOTION_WEIGHTS: Readonly<Record<Expression, number>> = {
  angry: 0.25,
  disgust: 0.2,
  fear: 0.3,
  happy: 0.6,
  neutral: 0.9,
  sad: 0.3,
  surprise: 0.6,
};

/**
 * The gaze weight's scale, from the paper's reference implementation (eyes closed 0, eyes narrowed
 * 1.5, gaze off-centre 2, gaze centred 5). Raut reads head pose instead of the pupil: facing the
 * screen 5, head turned away 2, eyes closed for a while 0.
 */
export const GAZE_WEIGHTS = { facing: 5, turnedAway: 2, eyesClosed: 0 } as const;
/** The largest emotion weight × the largest gaze weight: divides the product into 0..1. */
export const CI_SCALE = 0.9 * 5;
/** CI above `highly` is highly engaged; above `nominally`, nominally engaged; else not engaged. */
export const CI_THRESHOLDS = { highly: 0.65, nominally: 0.25 } as const;

/** When a face counts as turned away or its eyes as closed. All attention thresholds live here. */
export const ATTENTION_THRESHOLDS = {
  /** Degrees of yaw away from the student's resting yaw (calibration) that still face the screen. */
  maxYawOffset: 25,
  /** Degrees of pitch away from the resting pitch that still face the screen. */
  maxPitchOffset: 20,
  /** Eye aspect ratio below this fraction of the resting one reads as closed. */
  closedEyeFraction: 0.55,
  /** Resting eye aspect ratio before calibration (median on the webcam clips and photos, docs/engagement.md). */
  defaultRestingEyeAspectRatio: 0.27,
  /** Eyes must stay closed this long before they lower attention: a blink is not inattention. */
  minClosedMs: 1000,
} as const;

/**
 * What one stored frame says about engagement. Flat numbers, strings and booleans only (the JSON
 * export and its validator take exactly that); a cue that was not measured is left out.
 */
export interface EngagementCues {
  interest: InterestLabel;
  /** Raw head pose in degrees (before calibration), rounded to 0.1. */
  yaw?: number;
  pitch?: number;
  roll?: number;
  /** The head is within the calibrated cone around the student's resting pose. */
  facing?: boolean;
  /** Face-mesh eye aspect ratio (larger eye), rounded to 0.001. */
  eyeAspectRatio?: number;
  eyesOpen?: boolean;
  /** The gaze/head weight used (GAZE_WEIGHTS). */
  gazeWeight?: number;
  /** Sharma et al.'s concentration index, 0..1, rounded to 0.001; absent in attention-only mode. */
  concentrationIndex?: number;
  level?: ConcentrationLevel;
  /** A per-student calibration was applied (else the population defaults). */
  calibrated?: boolean;
}

/** What an older record holds, from before the engagement layer: an empty object. */
export type NoEngagementCues = Record<string, never>;
export type StoredEngagement = EngagementCues | NoEngagementCues;

export function hasEngagementCues(value: StoredEngagement): value is EngagementCues {
  return typeof (value as Partial<EngagementCues>).interest === 'string';
}

export function concentrationIndex(dominant: Expression, gazeWeight: number): number {
  return (EMOTION_WEIGHTS[dominant] * gazeWeight) / CI_SCALE;
}

export function concentrationLevel(ci: number): ConcentrationLevel {
  if (ci > CI_THRESHOLDS.highly) return 'highly-engaged';
  if (ci > CI_THRESHOLDS.nominally) return 'nominally-engaged';
  return 'not-engaged';
}

/**
 * The dominant emotion for the CI. A student whose resting face the model reads as some other
 * expression (a "naturally serious" face read as sad, say: calibration's restingExpression) has
 * that expression counted as their neutral.
 */
export function dominantForConcentration(probabilities: readonly number[], calibration: Calibration | null): Expression {
  const top = EXPRESSIONS[argmax(probabilities)] ?? 'neutral';
  return calibration?.restingExpression && top === calibration.restingExpression ? 'neutral' : top;
}

/** Head within the calibrated cone around the resting pose (defaults: straight at the camera). */
export function isFacing(pose: HeadPose, calibration: Calibration | null, t = ATTENTION_THRESHOLDS): boolean {
  const yawOffset = angleDifference(pose.yaw, calibration?.yaw ?? 0);
  const pitchOffset = angleDifference(pose.pitch, calibration?.pitch ?? 0);
  return Math.abs(yawOffset) <= t.maxYawOffset && Math.abs(pitchOffset) <= t.maxPitchOffset;
}

export function eyesOpenFor(eyeAspectRatio: number, calibration: Calibration | null, t = ATTENTION_THRESHOLDS): boolean {
  const resting = calibration?.eyeAspectRatio ?? t.defaultRestingEyeAspectRatio;
  return eyeAspectRatio >= t.closedEyeFraction * resting;
}

/** The study's label from the attention cues and, when the expression model ran, the CI level. */
export function interestLabel(facing: boolean, eyesClosedLong: boolean, level: ConcentrationLevel | null): InterestLabel {
  if (!facing || eyesClosedLong) return 'not-interested';
  return level === 'not-engaged' ? 'not-interested' : 'interested';
}

export interface EngagementInput {
  faceFound: boolean;
  /** A quality gate refused the face. */
  unknown: boolean;
  /** Null when the face gave no landmarks to read a pose from. */
  pose: HeadPose | null;
  /** Null when the eyes were not measured. */
  eyeAspectRatio: number | null;
  /** How long the eyes have been closed up to this frame (0 when open or not measured). */
  eyesClosedMs: number;
  /** The expression model's 7 probabilities; null in attention-only mode. */
  probabilities: readonly number[] | null;
}

const round = (value: number, step: number) => Math.round(value / step) * step;

/** The cues of one frame: pose, eyes, CI and level (when expressions were read), interest label. */
export function engagementOf(input: EngagementInput, calibration: Calibration | null, t = ATTENTION_THRESHOLDS): EngagementCues {
  if (!input.faceFound) return { interest: 'not-detected' };
  if (input.unknown || !input.pose) return { interest: 'unknown' };
  const facing = isFacing(input.pose, calibration, t);
  const eyesOpen = input.eyeAspectRatio === null ? null : eyesOpenFor(input.eyeAspectRatio, calibration, t);
  const eyesClosedLong = eyesOpen === false && input.eyesClosedMs >= t.minClosedMs;
  const gazeWeight = eyesClosedLong ? GAZE_WEIGHTS.eyesClosed : facing ? GAZE_WEIGHTS.facing : GAZE_WEIGHTS.turnedAway;
  const cues: EngagementCues = {
    interest: 'unknown',
    yaw: round(input.pose.yaw, 0.1),
    pitch: round(input.pose.pitch, 0.1),
    roll: round(input.pose.roll, 0.1),
    facing,
    gazeWeight,
    calibrated: calibration !== null,
  };
  if (input.eyeAspectRatio !== null && eyesOpen !== null) {
    cues.eyeAspectRatio = round(input.eyeAspectRatio, 0.001);
    cues.eyesOpen = eyesOpen;
  }
  let level: ConcentrationLevel | null = null;
  if (input.probabilities) {
    const ci = concentrationIndex(dominantForConcentration(input.probabilities, calibration), gazeWeight);
    level = concentrationLevel(ci);
    cues.concentrationIndex = round(ci, 0.001);
    cues.level = level;
  }
  cues.interest = interestLabel(facing, eyesClosedLong, level);
  return cues;
}

/**
 * One number per frame for timelines and the class hub, 0..1: the CI, or in attention-only mode
 * (no emotion weight) the gaze weight on the same scale. Null without a measured face.
 */
export function engagementValue(cues: StoredEngagement): number | null {
  if (!hasEngagementCues(cues)) return null;
  if (cues.concentrationIndex !== undefined) return cues.concentrationIndex;
  return cues.gazeWeight === undefined ? null : cues.gazeWeight / GAZE_WEIGHTS.facing;
}
