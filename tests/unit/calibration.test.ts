import { describe, expect, it } from 'vitest';
import { CALIBRATION, CalibrationWindow, isCalibration, isCalibrationStatus, learnCalibration, median, type CalibrationFrame } from '../../src/shared/calibration';
import { probabilitiesFor } from '../helpers/records';

function frames(count: number, make: (i: number) => Partial<CalibrationFrame> = () => ({})): CalibrationFrame[] {
  return Array.from({ length: count }, (_, i) => ({ yaw: 20, pitch: -8, eyeAspectRatio: 0.22, probabilities: probabilitiesFor('neutral'), ...make(i) }));
}

describe('learnCalibration', () => {
  it('learns the median resting pose and eye openness, robust to glances away', () => {
    // 14 frames at the resting pose, 6 looking elsewhere.
    const learnt = learnCalibration(frames(20, (i) => (i < 14 ? { yaw: 20 + (i % 3), pitch: -8 } : { yaw: -40, pitch: 35, eyeAspectRatio: 0.1 })), 1000);
    expect(learnt).not.toBeNull();
    expect(learnt!.yaw).toBeGreaterThanOrEqual(20);
    expect(learnt!.yaw).toBeLessThanOrEqual(22);
    expect(learnt!.pitch).toBe(-8);
    expect(learnt!.eyeAspectRatio).toBeCloseTo(0.22, 6);
    expect(learnt).toMatchObject({ restingExpression: null, frames: 20, learnedAt: 1000 });
  });

  it('needs enough frames', () => {
    expect(learnCalibration(frames(CALIBRATION.minFrames - 1), 0)).toBeNull();
    expect(learnCalibration(frames(CALIBRATION.minFrames), 0)).not.toBeNull();
  });

  it('learns a non-neutral resting expression only when it dominates', () => {
    expect(learnCalibration(frames(12, () => ({ probabilities: probabilitiesFor('sad') })), 0)!.restingExpression).toBe('sad');
    const mixed = frames(12, (i) => ({ probabilities: probabilitiesFor(i < 5 ? 'sad' : i < 9 ? 'neutral' : 'happy') }));
    expect(learnCalibration(mixed, 0)!.restingExpression).toBeNull();
    // Attention-only mode: no probabilities, no resting expression.
    expect(learnCalibration(frames(12, () => ({ probabilities: null })), 0)!.restingExpression).toBeNull();
  });

  it('leaves the eye openness to the default when the eyes were rarely measured', () => {
    expect(learnCalibration(frames(12, (i) => ({ eyeAspectRatio: i < 3 ? 0.3 : null })), 0)!.eyeAspectRatio).toBeNull();
  });

  it('learns the resting gaze from frames that carry it, and leaves it to the defaults otherwise', () => {
    const learnt = learnCalibration(frames(12, (i) => ({ gazeX: i < 8 ? 0.2 : -0.5, gazeY: -0.1 })), 0)!;
    expect(learnt.gazeX).toBeCloseTo(0.2, 6);
    expect(learnt.gazeY).toBeCloseTo(-0.1, 6);
    expect(learnCalibration(frames(12), 0)).toMatchObject({ gazeX: null, gazeY: null });
    expect(learnCalibration(frames(12, (i) => ({ gazeX: i < 3 ? 0.1 : null, gazeY: i < 3 ? 0 : null })), 0)).toMatchObject({ gazeX: null, gazeY: null });
    expect(learnCalibration(frames(12, () => ({ gazeX: 0.9, gazeY: -0.9 })), 0)).toMatchObject({ gazeX: CALIBRATION.maxRestingGaze, gazeY: -CALIBRATION.maxRestingGaze });
  });

  it('caps an implausible resting angle', () => {
    expect(learnCalibration(frames(12, () => ({ yaw: 80 })), 0)!.yaw).toBe(CALIBRATION.maxRestingAngle);
  });
});

describe('CalibrationWindow', () => {
  it('answers once its minute is over, then listens again when it had too few frames', () => {
    const window = new CalibrationWindow('s1');
    const frame = frames(1)[0]!;
    expect(window.add(0, null)).toBeNull(); // no usable face in the first frame: the window still starts
    for (let t = 1000; t < 5000; t += 1000) expect(window.add(t, frame)).toBeNull();
    expect(window.add(CALIBRATION.windowMs, frame)).toBeNull(); // 5 frames: too few, starts over
    expect(window.frameCount).toBe(0);
    let learnt = null;
    for (let t = CALIBRATION.windowMs + 1000; learnt === null && t <= 3 * CALIBRATION.windowMs; t += 1000) learnt = window.add(t, frame);
    expect(learnt).toMatchObject({ yaw: 20, pitch: -8, frames: 60 });
  });
});

describe('isCalibration', () => {
  const good = { yaw: 5, pitch: -3, eyeAspectRatio: 0.25, restingExpression: null, frames: 30, learnedAt: 5 };
  it('accepts a learnt calibration and refuses damaged ones', () => {
    expect(isCalibration(good)).toBe(true);
    expect(isCalibration(learnCalibration(frames(12), 9))).toBe(true);
    expect(isCalibration({ ...good, eyeAspectRatio: null, restingExpression: 'happy' })).toBe(true);
    expect(isCalibration({ ...good, gazeX: 0.1, gazeY: -0.12 })).toBe(true);
    expect(isCalibration({ ...good, gazeX: null, gazeY: null })).toBe(true);
    expect(isCalibration({ ...good, gazeX: 3 })).toBe(false);
    expect(isCalibration({ ...good, gazeY: 'up' })).toBe(false);
    for (const bad of [null, 'x', { ...good, yaw: '5' }, { ...good, pitch: 200 }, { ...good, eyeAspectRatio: -1 }, { ...good, restingExpression: 'bored' }, { ...good, frames: 1.5 }, { ...good, learnedAt: undefined }]) {
      expect(isCalibration(bad)).toBe(false);
    }
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('isCalibrationStatus (the popup checks the background’s answer)', () => {
  const learnt = { yaw: 8, pitch: -3, eyeAspectRatio: 0.27, restingExpression: null, frames: 42, learnedAt: 1 };

  it('accepts each state the background answers', () => {
    expect(isCalibrationStatus({ calibration: null, learning: null, pending: false })).toBe(true);
    expect(isCalibrationStatus({ calibration: learnt, learning: null, pending: true })).toBe(true);
    expect(isCalibrationStatus({ calibration: null, learning: { sessionId: 's1', since: 5, frames: 3 }, pending: false })).toBe(true);
    expect(isCalibrationStatus({ calibration: null, learning: { sessionId: 's1', since: null, frames: 0 }, pending: false })).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isCalibrationStatus(undefined)).toBe(false);
    expect(isCalibrationStatus({ calibration: null, learning: null })).toBe(false);
    expect(isCalibrationStatus({ calibration: { ...learnt, yaw: 'left' }, learning: null, pending: false })).toBe(false);
    expect(isCalibrationStatus({ calibration: null, learning: { sessionId: 's1', since: 5, frames: -1 }, pending: false })).toBe(false);
    expect(isCalibrationStatus({ calibration: null, learning: 'yes', pending: false })).toBe(false);
  });
});
