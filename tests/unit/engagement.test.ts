import { describe, expect, it } from 'vitest';
import type { Calibration } from '../../src/shared/calibration';
import {
  ATTENTION_THRESHOLDS,
  CI_THRESHOLDS,
  EMOTION_WEIGHTS,
  GAZE_WEIGHTS,
  concentrationIndex,
  concentrationLevel,
  dominantForConcentration,
  engagementOf,
  engagementValue,
  hasEngagementCues,
  interestLabel,
  isFacing,
  isGazeCentred,
  type EngagementInput,
} from '../../src/shared/engagement';
import { EXPRESSIONS } from '../../src/shared/taxonomy';
import { probabilitiesFor } from '../helpers/records';

const FACE: EngagementInput = {
  faceFound: true,
  unknown: false,
  pose: { yaw: 3, pitch: -5, roll: 1 },
  eyeAspectRatio: 0.28,
  eyesClosedMs: 0,
  probabilities: probabilitiesFor('neutral'),
};

const CALIBRATION: Calibration = { yaw: 30, pitch: 10, eyeAspectRatio: 0.2, restingExpression: 'sad', frames: 50, learnedAt: 0 };

describe('Sharma et al. concentration index', () => {
  it('uses the published emotion weights for every expression of the taxonomy', () => {
    expect(Object.keys(EMOTION_WEIGHTS).sort()).toEqual([...EXPRESSIONS].sort());
    expect(EMOTION_WEIGHTS).toEqual({ neutral: 0.9, happy: 0.6, surprise: 0.6, sad: 0.3, angry: 0.25, fear: 0.3, disgust: 0.2 });
  });

  it('is emotion weight × gaze weight / 4.5, so 1 at most', () => {
    expect(concentrationIndex('neutral', GAZE_WEIGHTS.facing)).toBeCloseTo(1, 10);
    expect(concentrationIndex('happy', GAZE_WEIGHTS.facing)).toBeCloseTo(0.6667, 4);
    expect(concentrationIndex('neutral', GAZE_WEIGHTS.turnedAway)).toBeCloseTo(0.4, 10);
    expect(concentrationIndex('disgust', GAZE_WEIGHTS.facing)).toBeCloseTo(0.2222, 4);
    expect(concentrationIndex('surprise', GAZE_WEIGHTS.eyesClosed)).toBe(0);
  });

  it('has three levels split at 0.65 and 0.25 (upper bounds belong to the lower level)', () => {
    expect(CI_THRESHOLDS).toEqual({ highly: 0.65, nominally: 0.25 });
    expect(concentrationLevel(0.66)).toBe('highly-engaged');
    expect(concentrationLevel(0.65)).toBe('nominally-engaged');
    expect(concentrationLevel(0.26)).toBe('nominally-engaged');
    expect(concentrationLevel(0.25)).toBe('not-engaged');
    expect(concentrationLevel(0)).toBe('not-engaged');
  });

  it("counts the student's resting expression as their neutral", () => {
    expect(dominantForConcentration(probabilitiesFor('sad'), null)).toBe('sad');
    expect(dominantForConcentration(probabilitiesFor('sad'), CALIBRATION)).toBe('neutral');
    expect(dominantForConcentration(probabilitiesFor('angry'), CALIBRATION)).toBe('angry');
  });
});

describe('interest label', () => {
  it('is interested only when facing, eyes not closed for long, and not "not engaged"', () => {
    expect(interestLabel(true, false, 'highly-engaged')).toBe('interested');
    expect(interestLabel(true, false, 'nominally-engaged')).toBe('interested');
    expect(interestLabel(true, false, null)).toBe('interested'); // attention-only
    expect(interestLabel(true, false, 'not-engaged')).toBe('not-interested');
    expect(interestLabel(false, false, 'highly-engaged')).toBe('not-interested');
    expect(interestLabel(true, true, null)).toBe('not-interested');
  });
});

describe('isFacing', () => {
  it('measures the head against the resting pose, default straight ahead', () => {
    const { maxYawOffset, maxPitchOffset } = ATTENTION_THRESHOLDS;
    expect(isFacing({ yaw: maxYawOffset, pitch: 0, roll: 0 }, null)).toBe(true);
    expect(isFacing({ yaw: maxYawOffset + 1, pitch: 0, roll: 0 }, null)).toBe(false);
    expect(isFacing({ yaw: 0, pitch: maxPitchOffset + 1, roll: 0 }, null)).toBe(false);
    // A camera beside the screen: 35° is this student's normal.
    expect(isFacing({ yaw: 35, pitch: 10, roll: 0 }, CALIBRATION)).toBe(true);
    expect(isFacing({ yaw: 0, pitch: 10, roll: 0 }, CALIBRATION)).toBe(false);
  });
});

describe('engagementOf', () => {
  it('says not detected without a face and unknown when a gate refused it, with nothing else', () => {
    expect(engagementOf({ ...FACE, faceFound: false }, null)).toEqual({ interest: 'not-detected' });
    expect(engagementOf({ ...FACE, unknown: true }, null)).toEqual({ interest: 'unknown' });
    expect(engagementOf({ ...FACE, pose: null }, null)).toEqual({ interest: 'unknown' });
  });

  it('fills pose, eyes, CI and level for a face looking at the class', () => {
    expect(engagementOf(FACE, null)).toEqual({
      interest: 'interested',
      yaw: 3,
      pitch: -5,
      roll: 1,
      facing: true,
      gazeWeight: 5,
      eyeAspectRatio: 0.28,
      eyesOpen: true,
      concentrationIndex: 1,
      level: 'highly-engaged',
      calibrated: false,
    });
  });

  it('reads a neutral face looking down at a phone as not interested (expression alone cannot)', () => {
    const cues = engagementOf({ ...FACE, pose: { yaw: 0, pitch: 40, roll: 0 } }, null);
    expect(cues).toMatchObject({ interest: 'not-interested', facing: false, gazeWeight: 2, level: 'nominally-engaged' });
    expect(cues.concentrationIndex).toBeCloseTo(0.4, 6);
  });

  it('ignores a blink but not eyes closed for a second or more', () => {
    const closed = { ...FACE, eyeAspectRatio: 0.08 };
    expect(engagementOf({ ...closed, eyesClosedMs: 0 }, null)).toMatchObject({ interest: 'interested', eyesOpen: false, gazeWeight: 5 });
    expect(engagementOf({ ...closed, eyesClosedMs: 1000 }, null)).toMatchObject({ interest: 'not-interested', gazeWeight: 0, concentrationIndex: 0, level: 'not-engaged' });
  });

  it('uses the calibrated resting eye openness', () => {
    // 0.18 is closed for the population default (0.35 × 0.65 ≈ 0.228) but open for a student resting at 0.2 (× 0.65 = 0.13).
    expect(engagementOf({ ...FACE, eyeAspectRatio: 0.18 }, null).eyesOpen).toBe(false);
    expect(engagementOf({ ...FACE, pose: { yaw: 30, pitch: 10, roll: 0 }, eyeAspectRatio: 0.18 }, CALIBRATION)).toMatchObject({ eyesOpen: true, calibrated: true, facing: true });
  });

  it('counts an off-centre gaze on open eyes as looking away, with the paper\'s off-centre weight', () => {
    const aside = engagementOf({ ...FACE, gaze: { x: 0.3, y: -0.1 } }, null);
    expect(aside).toMatchObject({ interest: 'not-interested', facing: true, eyesOpen: true, gazeCentred: false, gazeWeight: GAZE_WEIGHTS.turnedAway, gazeX: 0.3, gazeY: -0.1 });
    expect(aside.concentrationIndex).toBeCloseTo(0.4, 6);
    expect(engagementOf({ ...FACE, gaze: { x: -0.05, y: -0.12 } }, null)).toMatchObject({ interest: 'interested', gazeCentred: true, gazeWeight: GAZE_WEIGHTS.facing });
  });

  it('reads no gaze from closed or unmeasured eyes', () => {
    const closed = engagementOf({ ...FACE, eyeAspectRatio: 0.08, gaze: { x: 0.5, y: 0.3 } }, null);
    expect(closed).toMatchObject({ interest: 'interested', eyesOpen: false, gazeWeight: 5 });
    expect(closed).not.toHaveProperty('gazeX');
    expect(closed).not.toHaveProperty('gazeCentred');
    const unmeasured = engagementOf({ ...FACE, eyeAspectRatio: null, gaze: { x: 0.5, y: 0.3 } }, null);
    expect(unmeasured).not.toHaveProperty('gazeCentred');
    expect(unmeasured.interest).toBe('interested');
  });

  it('leaves eyes out when they were not measured', () => {
    const cues = engagementOf({ ...FACE, eyeAspectRatio: null }, null);
    expect(cues).not.toHaveProperty('eyesOpen');
    expect(cues).not.toHaveProperty('eyeAspectRatio');
    expect(cues.interest).toBe('interested');
  });

  it('in attention-only mode (no probabilities) has no CI or level and labels from attention alone', () => {
    const cues = engagementOf({ ...FACE, probabilities: null }, null);
    expect(cues).not.toHaveProperty('concentrationIndex');
    expect(cues).not.toHaveProperty('level');
    expect(cues.interest).toBe('interested');
    expect(engagementOf({ ...FACE, probabilities: null, pose: { yaw: 50, pitch: 0, roll: 0 } }, null).interest).toBe('not-interested');
  });

  it('stores only flat numbers, strings and booleans (what the JSON export accepts)', () => {
    for (const cues of [engagementOf(FACE, CALIBRATION), engagementOf({ ...FACE, gaze: { x: 0.1, y: 0 } }, null), engagementOf({ ...FACE, faceFound: false }, null)]) {
      for (const value of Object.values(cues)) expect(['number', 'string', 'boolean']).toContain(typeof value);
    }
  });
});

describe('isGazeCentred', () => {
  const t = ATTENTION_THRESHOLDS;
  const rest = { x: t.defaultRestingGazeX, y: t.defaultRestingGazeY };

  it('allows the iris maxGazeOffsetX to either side, less upward than downward', () => {
    expect(isGazeCentred(rest, null)).toBe(true);
    expect(isGazeCentred({ ...rest, x: rest.x + t.maxGazeOffsetX - 0.001 }, null)).toBe(true);
    expect(isGazeCentred({ ...rest, x: rest.x - t.maxGazeOffsetX - 0.001 }, null)).toBe(false);
    expect(isGazeCentred({ ...rest, y: rest.y - t.maxGazeUp + 0.001 }, null)).toBe(true);
    expect(isGazeCentred({ ...rest, y: rest.y - t.maxGazeUp - 0.001 }, null)).toBe(false);
    // Down to the bottom of the screen is still on it.
    expect(isGazeCentred({ ...rest, y: rest.y + t.maxGazeUp + 0.05 }, null)).toBe(true);
    expect(isGazeCentred({ ...rest, y: rest.y + t.maxGazeDown + 0.001 }, null)).toBe(false);
    expect(t.maxGazeUp).toBeLessThan(t.maxGazeDown);
  });

  it("measures from the student's calibrated resting gaze when there is one", () => {
    const beside: Calibration = { ...CALIBRATION, gazeX: 0.25, gazeY: -0.1 };
    expect(isGazeCentred({ x: 0.3, y: -0.1 }, null)).toBe(false);
    expect(isGazeCentred({ x: 0.3, y: -0.1 }, beside)).toBe(true);
    expect(isGazeCentred({ x: 0, y: -0.1 }, beside)).toBe(false);
    // A calibration learnt before the gaze was read (no gaze fields) falls back to the defaults.
    expect(isGazeCentred({ x: 0.3, y: -0.1 }, CALIBRATION)).toBe(false);
    expect(isGazeCentred({ x: 0.1, y: -0.1 }, { ...CALIBRATION, gazeX: null, gazeY: null })).toBe(true);
  });
});

describe('engagementValue', () => {
  it('is the CI, or the gaze weight on the same scale in attention-only mode, or null', () => {
    expect(engagementValue(engagementOf(FACE, null))).toBe(1);
    expect(engagementValue(engagementOf({ ...FACE, probabilities: null, pose: { yaw: 60, pitch: 0, roll: 0 } }, null))).toBeCloseTo(0.4, 10);
    expect(engagementValue({ interest: 'not-detected' })).toBeNull();
    expect(engagementValue({})).toBeNull();
  });

  it('tells old empty records from cues', () => {
    expect(hasEngagementCues({})).toBe(false);
    expect(hasEngagementCues({ interest: 'unknown' })).toBe(true);
  });
});
