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
 * 1.5, gaze off-centre 2, gaze centred 5). Raut reads head pose and, while the head faces the
 * screen, the iris: facing the screen with the gaze centred 5, head turned away or gaze off-centre
 * 2, eyes closed for a while 0.
 */
export const GAZE_WEIGHTS = { facing: 5, turnedAway: 2, eyesClosed: 0 } as const;
/** The largest emotion weight × the largest gaze weight: divides the product into 0..1. */
export const CI_SCALE = 0.9 * 5;
/** CI above `highly` is highly engaged; above `nominally`, nominally engaged; else not engaged. */
export const CI_THRESHOLDS = { highly: 0.65, nominally: 0.25 } as const;

/** When a face counts as turned away or its eyes as closed. All attention thresholds live here. */
export const ATTENTION_THRESHOLDS = {
  /**
   * Degrees of yaw away from the student's resting yaw (calibration) that still face the screen.
   * Measured (docs/engagement.md, "Accuracy on hand-labelled frames"): heads facing the screen stay
   * within ±12° of the resting yaw on 95 % of the clips' frames (at most 17°); heads a person calls
   * turned away read a median 21.5° (the pose under-reads large turns), so 25 missed most of them.
   */
  maxYawOffset: 20,
  /** Degrees of pitch away from the resting pitch that still face the screen. */
  maxPitchOffset: 20,
  /**
   * Eye aspect ratio (the eye model's eyelids: lid gap ÷ eye width) below this fraction of the
   * resting one reads as closed. An open eye's lid gap is about the iris's height (resting ratio
   * ≈ 0.35: ≈ 10 mm of a 30 mm wide eye); 0.65 × that (≈ 7 mm) means the lids cover more than a
   * third of the iris. Measured (docs/engagement.md): open eyes on the hand-labelled facing frames
   * ≥ 0.69 × the resting ratio, closed ones caught ≤ 0.63 ×.
   */
  closedEyeFraction: 0.65,
  /**
   * Resting eye aspect ratio before calibration: median of open eyes, iris model, which the shipped
   * eye net was distilled to reproduce (the three webcam
   * clips' first minutes 0.34–0.37, the facing photos 0.35–0.37; docs/engagement.md).
   */
  defaultRestingEyeAspectRatio: 0.35,
  /**
   * Horizontal gaze (iris centre from the eye's centre, in half eye widths; src/shared/gaze.ts)
   * beyond this reads as looking off the screen. The iris centre sits ≈ 10 mm in front of the eye's
   * centre of rotation and an eye is ≈ 30 mm wide, so a gaze θ off the camera axis moves it by
   * ≈ 10·sin θ / 15 half widths: 0.23 is θ ≈ 20°, the half-width of a laptop or desk screen at
   * arm's length, and the same 20° the head may turn (maxYawOffset).
   */
  maxGazeOffsetX: 0.23,
  /** Gaze up (iris above its resting height) beyond this is off the screen: the camera sits on the screen's top edge, so ≈ 17° up is above it. */
  maxGazeUp: 0.2,
  /** Gaze down beyond this (≈ 37°) is below any screen in front of the student (desk, phone). */
  maxGazeDown: 0.4,
  /**
   * Resting iris position before calibration, in half eye widths: centred across (the model is
   * symmetrical; the clips' medians are −0.03…0.08), and ≈ 0.1 above the line between the corners,
   * where the iris of a face looking at the camera sits (clips −0.09…−0.18, facing photos −0.13).
   */
  defaultRestingGazeX: 0,
  defaultRestingGazeY: -0.1,
  /**
   * Gaze is read only on an eye at least this wide (corner to corner, frame pixels). At maxGazeOffsetX
   * the iris centre is 0.115 × the eye's width off centre; below 18 px that is under 2 px, the size
   * of the iris model's own error on an upsampled crop, so the reading is noise (a laughing face at
   * 320 px read "off-centre" while looking at the camera).
   */
  minGazeEyeWidth: 18,
  /** Eyes must stay closed this long before they lower attention: a blink is not inattention. */
  minClosedMs: 1000,
} as const;

/** ATTENTION_THRESHOLDS' shape, for callers that try other values (scripts/measure-gaze.ts). */
export type AttentionThresholds = { readonly [K in keyof typeof ATTENTION_THRESHOLDS]: number };

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
  /** Eye aspect ratio from the eye net's eyelids (more open eye), rounded to 0.001. */
  eyeAspectRatio?: number;
  eyesOpen?: boolean;
  /**
   * Gaze: iris centre from the eye's centre in half eye widths (x > 0 toward the picture's right,
   * y > 0 down; src/shared/gaze.ts), raw (before any resting offset), rounded to 0.001. Read only
   * while the head faces the screen and the eyes are open.
   */
  gazeX?: number;
  gazeY?: number;
  /** The gaze is within the screen's cone around the resting iris position (ATTENTION_THRESHOLDS). */
  gazeCentred?: boolean;
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
export function isFacing(pose: HeadPose, calibration: Calibration | null, t: AttentionThresholds = ATTENTION_THRESHOLDS): boolean {
  const yawOffset = angleDifference(pose.yaw, calibration?.yaw ?? 0);
  const pitchOffset = angleDifference(pose.pitch, calibration?.pitch ?? 0);
  return Math.abs(yawOffset) <= t.maxYawOffset && Math.abs(pitchOffset) <= t.maxPitchOffset;
}

export function eyesOpenFor(eyeAspectRatio: number, calibration: Calibration | null, t: AttentionThresholds = ATTENTION_THRESHOLDS): boolean {
  const resting = calibration?.eyeAspectRatio ?? t.defaultRestingEyeAspectRatio;
  return eyeAspectRatio >= t.closedEyeFraction * resting;
}

/** Iris position, in half eye widths (src/shared/gaze.ts). */
export interface Gaze {
  x: number;
  y: number;
}

/** The iris within the screen's cone around its resting position (calibration; defaults: looking at the camera). */
export function isGazeCentred(gaze: Gaze, calibration: Calibration | null, t: AttentionThresholds = ATTENTION_THRESHOLDS): boolean {
  const dx = gaze.x - (calibration?.gazeX ?? t.defaultRestingGazeX);
  const dy = gaze.y - (calibration?.gazeY ?? t.defaultRestingGazeY);
  return Math.abs(dx) <= t.maxGazeOffsetX && dy >= -t.maxGazeUp && dy <= t.maxGazeDown;
}

/**
 * The study's label from the attention cues and, when the expression model ran, the CI level.
 * `looking`: the head faces the screen and the gaze (where it was read) is centred.
 */
export function interestLabel(looking: boolean, eyesClosedLong: boolean, level: ConcentrationLevel | null): InterestLabel {
  if (!looking || eyesClosedLong) return 'not-interested';
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
  /** Null when the gaze was not measured (it is read with the eyes). */
  gaze?: Gaze | null;
  /** How long the eyes have been closed up to this frame (0 when open or not measured). */
  eyesClosedMs: number;
  /** The expression model's 7 probabilities; null in attention-only mode. */
  probabilities: readonly number[] | null;
}

const round = (value: number, step: number) => Math.round(value / step) * step;

/** The cues of one frame: pose, eyes, CI and level (when expressions were read), interest label. */
export function engagementOf(input: EngagementInput, calibration: Calibration | null, t: AttentionThresholds = ATTENTION_THRESHOLDS): EngagementCues {
  if (!input.faceFound) return { interest: 'not-detected' };
  if (input.unknown || !input.pose) return { interest: 'unknown' };
  const facing = isFacing(input.pose, calibration, t);
  const eyesOpen = input.eyeAspectRatio === null ? null : eyesOpenFor(input.eyeAspectRatio, calibration, t);
  const eyesClosedLong = eyesOpen === false && input.eyesClosedMs >= t.minClosedMs;
  // The iris of a closed or closing eye is the model's guess, so gaze counts only on open eyes.
  const gaze = eyesOpen === true ? (input.gaze ?? null) : null;
  const gazeCentred = gaze === null ? null : isGazeCentred(gaze, calibration, t);
  const looking = facing && gazeCentred !== false;
  const gazeWeight = eyesClosedLong ? GAZE_WEIGHTS.eyesClosed : looking ? GAZE_WEIGHTS.facing : GAZE_WEIGHTS.turnedAway;
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
  if (gaze !== null && gazeCentred !== null) {
    cues.gazeX = round(gaze.x, 0.001);
    cues.gazeY = round(gaze.y, 0.001);
    cues.gazeCentred = gazeCentred;
  }
  let level: ConcentrationLevel | null = null;
  if (input.probabilities) {
    const ci = concentrationIndex(dominantForConcentration(input.probabilities, calibration), gazeWeight);
    level = concentrationLevel(ci);
    cues.concentrationIndex = round(ci, 0.001);
    cues.level = level;
  }
  cues.interest = interestLabel(looking, eyesClosedLong, level);
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
