/**
 * Per-student calibration: the student's resting head pose, resting eye openness and gaze, and
 * resting expression, learnt from the first minute of a session (or a minute the student starts with
 * "calibrate"), so that a camera beside the screen or a naturally serious face is not read as
 * inattention. Pure functions; the background worker stores the result (src/background/calibration.ts)
 * and sends it with each frame to the engine.
 */
import { hasEngagementCues } from './engagement';
import { EXPRESSIONS, argmax, isExpression, type Expression } from './taxonomy';
import type { FrameAnalysis } from './types';
import { isFiniteNumber, isRecord } from './validate';

export interface Calibration {
  /** Median yaw and pitch (degrees) while the student followed the class. */
  yaw: number;
  pitch: number;
  /** Median eye aspect ratio (the eye net's eyelids, EngagementCues.eyeAspectRatio), or null when the eyes were not measured. */
  eyeAspectRatio: number | null;
  /**
   * Median gaze (iris position, EngagementCues.gazeX / gazeY), or null / absent when too few frames
   * carried it (calibrations learnt before the gaze was read have neither field).
   */
  gazeX?: number | null;
  gazeY?: number | null;
  /** The expression the model reads on this student's resting face when it is not neutral, else null. */
  restingExpression: Expression | null;
  /** Frames the calibration was learnt from. */
  frames: number;
  /** Epoch ms. */
  learnedAt: number;
}

/** One usable frame (face found, quality gates passed, pose read). */
export interface CalibrationFrame {
  yaw: number;
  pitch: number;
  eyeAspectRatio: number | null;
  /** The frame's gaze, when it was read (absent: not carried). */
  gazeX?: number | null;
  gazeY?: number | null;
  probabilities: readonly number[] | null;
}

/** A frame calibration can learn from: a face that passed the gates and gave a pose (its gaze too, when read). */
export function calibrationFrameOf(analysis: FrameAnalysis): CalibrationFrame | null {
  const cues = analysis.engagement;
  if (!hasEngagementCues(cues) || cues.yaw === undefined || cues.pitch === undefined) return null;
  return {
    yaw: cues.yaw,
    pitch: cues.pitch,
    eyeAspectRatio: cues.eyeAspectRatio ?? null,
    gazeX: cues.gazeX ?? null,
    gazeY: cues.gazeY ?? null,
    probabilities: analysis.probabilities,
  };
}

export const CALIBRATION = {
  /** How long a calibration listens. */
  windowMs: 60_000,
  /** Usable frames needed in the window (1 frame/s: a face in view for a sixth of the minute). */
  minFrames: 10,
  /** A resting expression other than neutral counts only when it wins this share of the frames. */
  minRestingShare: 0.5,
  /** Resting pose is believed up to this far from the camera axis (a camera on a second screen). */
  maxRestingAngle: 45,
  /** Resting gaze is believed up to this far from the eye's centre, in half eye widths (≈ 35° off the camera axis, src/shared/gaze.ts). */
  maxRestingGaze: 0.4,
} as const;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function clampAngle(value: number): number {
  return Math.max(-CALIBRATION.maxRestingAngle, Math.min(CALIBRATION.maxRestingAngle, value));
}

function clampGaze(value: number): number {
  return Math.max(-CALIBRATION.maxRestingGaze, Math.min(CALIBRATION.maxRestingGaze, value));
}

/** The expression that tops most frames, when it is not neutral and tops at least minRestingShare of them. */
function restingExpressionOf(frames: readonly CalibrationFrame[]): Expression | null {
  const tops = frames.flatMap((frame) => (frame.probabilities ? [argmax(frame.probabilities)] : []));
  if (tops.length === 0) return null;
  const counts = EXPRESSIONS.map((_, k) => tops.filter((top) => top === k).length);
  const winner = argmax(counts);
  const expression = EXPRESSIONS[winner] ?? null;
  if (expression === null || expression === 'neutral') return null;
  return (counts[winner] as number) / tops.length >= CALIBRATION.minRestingShare ? expression : null;
}

/** The calibration those frames give, or null when there are too few of them. */
export function learnCalibration(frames: readonly CalibrationFrame[], now: number): Calibration | null {
  if (frames.length < CALIBRATION.minFrames) return null;
  const ears = frames.flatMap((frame) => (frame.eyeAspectRatio === null ? [] : [frame.eyeAspectRatio]));
  const gazes = frames.flatMap((frame) => (typeof frame.gazeX === 'number' && typeof frame.gazeY === 'number' ? [{ x: frame.gazeX, y: frame.gazeY }] : []));
  const enoughGaze = gazes.length >= CALIBRATION.minFrames;
  return {
    yaw: clampAngle(median(frames.map((frame) => frame.yaw))),
    pitch: clampAngle(median(frames.map((frame) => frame.pitch))),
    eyeAspectRatio: ears.length >= CALIBRATION.minFrames ? median(ears) : null,
    gazeX: enoughGaze ? clampGaze(median(gazes.map((gaze) => gaze.x))) : null,
    gazeY: enoughGaze ? clampGaze(median(gazes.map((gaze) => gaze.y))) : null,
    restingExpression: restingExpressionOf(frames),
    frames: frames.length,
    learnedAt: now,
  };
}

/** A resting gaze: absent (older calibrations), null (not learnt), or within the eye. */
function gazeOk(value: unknown): boolean {
  return value === undefined || value === null || (isFiniteNumber(value) && Math.abs(value) <= 1);
}

/** Validates a calibration read from storage or carried in a message. */
export function isCalibration(value: unknown): value is Calibration {
  if (!isRecord(value)) return false;
  const angle = (v: unknown) => isFiniteNumber(v) && Math.abs(v) <= 90;
  return (
    angle(value.yaw) &&
    angle(value.pitch) &&
    (value.eyeAspectRatio === null || (isFiniteNumber(value.eyeAspectRatio) && value.eyeAspectRatio > 0 && value.eyeAspectRatio < 2)) &&
    gazeOk(value.gazeX) &&
    gazeOk(value.gazeY) &&
    (value.restingExpression === null || isExpression(value.restingExpression)) &&
    Number.isInteger(value.frames) &&
    (value.frames as number) >= 0 &&
    isFiniteNumber(value.learnedAt)
  );
}

/**
 * Collects a session's usable frames for one calibration window, from its first frame. Lives in
 * the background worker's memory: a worker restart mid-window starts the window again.
 */
export class CalibrationWindow {
  private readonly frames: CalibrationFrame[] = [];
  private startedAt: number | null = null;

  constructor(readonly sessionId: string) {}

  get frameCount(): number {
    return this.frames.length;
  }

  get since(): number | null {
    return this.startedAt;
  }

  /**
   * Adds a frame (null: nothing usable in it). Once the window is over, returns what it learnt;
   * with too few usable frames it returns null and listens for another window.
   */
  add(time: number, frame: CalibrationFrame | null): Calibration | null {
    this.startedAt ??= time;
    if (frame) this.frames.push(frame);
    if (time - this.startedAt < CALIBRATION.windowMs) return null;
    const learnt = learnCalibration(this.frames, time);
    this.frames.length = 0;
    this.startedAt = time;
    return learnt;
  }
}

/** The background's answer to the calibration messages (popup: "calibrate", "reset"). */
export interface CalibrationStatus {
  /** The calibration in use; null: population defaults. */
  calibration: Calibration | null;
  /** A calibration minute in progress, or null. */
  learning: { sessionId: string; since: number | null; frames: number } | null;
  /** "Calibrate" was asked for and the minute starts with the next analysed frame. */
  pending: boolean;
}

/** Checks the background's answer before the popup shows it. */
export function isCalibrationStatus(value: unknown): value is CalibrationStatus {
  if (!isRecord(value) || typeof value.pending !== 'boolean') return false;
  if (value.calibration !== null && !isCalibration(value.calibration)) return false;
  const learning = value.learning;
  if (learning === null) return true;
  return (
    isRecord(learning) &&
    typeof learning.sessionId === 'string' &&
    (learning.since === null || isFiniteNumber(learning.since)) &&
    Number.isInteger(learning.frames) &&
    (learning.frames as number) >= 0
  );
}
