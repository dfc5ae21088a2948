import { describe, expect, it } from 'vitest';
import {
  dominantOf,
  formatDuration,
  formatPercent,
  impressionOf,
  interestOf,
  interestTable,
  meanEngagementOf,
  minuteTimeline,
  summarizeSession,
} from '../../src/shared/summary';
import type { EngagementCues } from '../../src/shared/engagement';
import { SCHEMA_VERSION } from '../../src/shared/schema';
import { EXPRESSIONS } from '../../src/shared/taxonomy';
import type { Expression } from '../../src/shared/taxonomy';
import type { SampleRecord, UnknownReason } from '../../src/shared/types';
import { makeFaceSample, makeSample, makeSession, makeUnknownFaceSample } from '../helpers/records';

const T0 = Date.UTC(2026, 10, 23, 13, 5, 0);

const session = makeSession({
  title: 'Demo class',
  startedAt: T0,
  status: 'ended',
  backend: 'wasm',
  modelId: 'session-model',
});

/** This file's samples: fer-mini 1 on WebGL (unlike the session's own backend and model). */
const at = (time: number): Partial<SampleRecord> => ({ time, backend: 'webgl', modelId: 'fer-mini', modelVersion: '1' });

/** 0.7 on the top class, 0.05 on each other one. */
function face(top: Expression, time: number, extra: Partial<SampleRecord> = {}): SampleRecord {
  return makeFaceSample(top, { ...at(time), ...extra });
}

const noFace = (time: number): SampleRecord => makeSample(at(time));

const unknownFace = (reason: UnknownReason, time: number): SampleRecord => makeUnknownFaceSample(reason, at(time));

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('summarizeSession', () => {
  it('handles an empty session without NaN or division by zero', () => {
    const summary = summarizeSession(session, []);
    expect(summary.frames).toBe(0);
    expect(summary.classified).toBe(0);
    expect(summary.impression).toBeNull();
    expect(summary.dominantExpression).toBeNull();
    expect(summary.endedAt).toBe(T0);
    expect(summary.durationMs).toBe(0);
    expect(summary.backend).toBe('wasm');
    expect(summary.modelId).toBe('session-model');
    expect(summary.maxFaceCount).toBe(0);
    expect(summary.schemaVersion).toBe(SCHEMA_VERSION);
    expect(numbersIn(summary).every(Number.isFinite)).toBe(true);
    expect(summary.expressions.happy).toEqual({ count: 0, percent: 0 });
    expect(summary.meanProbabilities.neutral).toBe(0);
  });

  it('counts frames without a face as not detected', () => {
    const summary = summarizeSession(session, [noFace(T0), noFace(T0 + 1000), noFace(T0 + 2000)]);
    expect(summary.frames).toBe(3);
    expect(summary.framesWithFace).toBe(0);
    expect(summary.classified).toBe(0);
    expect(summary.notDetected).toEqual({ count: 3, percent: 100 });
    expect(summary.unknown.count).toBe(0);
    expect(summary.impression).toBeNull();
    expect(numbersIn(summary).every(Number.isFinite)).toBe(true);
    expect(summary.endedAt).toBe(T0 + 2000);
    expect(summary.durationMs).toBe(2000);
  });

  it('summarises a mix of classified, unknown and no-face frames', () => {
    const samples = [
      face('happy', T0),
      face('happy', T0 + 1000),
      face('neutral', T0 + 2000),
      face('sad', T0 + 3000),
      face('sad', T0 + 4000),
      face('surprise', T0 + 5000),
      unknownFace('too-dark', T0 + 6000),
      unknownFace('face-cut', T0 + 7000),
      noFace(T0 + 8000),
      noFace(T0 + 9000),
    ];
    const summary = summarizeSession(session, samples);
    expect(summary.frames).toBe(10);
    expect(summary.framesWithFace).toBe(8);
    expect(summary.classified).toBe(6);
    expect(summary.notDetected).toEqual({ count: 2, percent: 20 });
    expect(summary.unknown.count).toBe(2);
    expect(summary.unknown.percent).toBe(20);
    expect(summary.unknown.byReason).toEqual({
      'too-dark': 1,
      overexposed: 0,
      'too-blurred': 0,
      'face-too-small': 0,
      'face-cut': 1,
    });
    expect(summary.expressions.happy.count).toBe(2);
    expect(summary.expressions.happy.percent).toBeCloseTo(100 / 3, 10);
    expect(summary.expressions.angry).toEqual({ count: 0, percent: 0 });
    // positive = happy 2 + surprise 1 = 3, neutral = 1, negative = sad 2.
    expect(summary.valence.positive).toEqual({ count: 3, percent: 50 });
    expect(summary.valence.neutral.count).toBe(1);
    expect(summary.valence.negative.count).toBe(2);
    expect(summary.impression).toBe('good');
    // happy and sad both have 2: the tie goes to happy, earlier in taxonomy order.
    expect(summary.dominantExpression).toBe('happy');
    // happy: (0.7 + 0.7 + 4 × 0.05) / 6.
    expect(summary.meanProbabilities.happy).toBeCloseTo(1.6 / 6, 10);
    expect(summary.meanProbabilities.angry).toBeCloseTo(0.05, 10);
  });

  it('calls it bad when positive + neutral equals negative', () => {
    const samples = [face('happy', T0), face('neutral', T0 + 1), face('angry', T0 + 2), face('fear', T0 + 3)];
    const summary = summarizeSession(session, samples);
    expect(summary.valence.positive.count + summary.valence.neutral.count).toBe(summary.valence.negative.count);
    expect(summary.impression).toBe('bad');
  });

  it('takes backend and model from the most recent sample, even when unordered', () => {
    const samples = [face('happy', T0 + 5000, { backend: 'webgpu', modelId: 'newest' }), face('sad', T0)];
    const summary = summarizeSession(session, samples);
    expect(summary.backend).toBe('webgpu');
    expect(summary.modelId).toBe('newest');
    expect(summary.endedAt).toBe(T0 + 5000);
  });

  it('prefers the session end time', () => {
    const summary = summarizeSession({ ...session, endedAt: T0 + 60_000 }, [face('happy', T0 + 1000)]);
    expect(summary.endedAt).toBe(T0 + 60_000);
    expect(summary.durationMs).toBe(60_000);
  });

  it('counts frames with several faces', () => {
    const samples = [face('happy', T0, { faceCount: 2 }), face('happy', T0 + 1, { faceCount: 3 }), face('sad', T0 + 2)];
    const summary = summarizeSession(session, samples);
    expect(summary.maxFaceCount).toBe(3);
    expect(summary.multipleFaceFrames).toBe(2);
  });
});

describe('impressionOf', () => {
  it('applies positive + neutral > negative', () => {
    expect(impressionOf({ positive: 2, neutral: 1, negative: 2 })).toBe('good');
    expect(impressionOf({ positive: 1, neutral: 1, negative: 2 })).toBe('bad');
    expect(impressionOf({ positive: 0, neutral: 0, negative: 1 })).toBe('bad');
    expect(impressionOf({ positive: 0, neutral: 0, negative: 0 })).toBeNull();
  });
});

describe('dominantOf', () => {
  const zero = Object.fromEntries(EXPRESSIONS.map((e) => [e, 0])) as Record<Expression, number>;

  it('breaks ties by taxonomy order', () => {
    expect(dominantOf({ ...zero, neutral: 3, fear: 3, sad: 1 })).toBe('fear');
  });

  it('is null when nothing was classified', () => {
    expect(dominantOf(zero)).toBeNull();
  });
});

describe('minuteTimeline', () => {
  it('is empty without samples', () => {
    expect(minuteTimeline([])).toEqual([]);
  });

  it('fills gaps with empty buckets', () => {
    const samples = [
      face('happy', T0),
      face('sad', T0 + 10_000),
      face('sad', T0 + 20_000),
      noFace(T0 + 30_000),
      unknownFace('too-blurred', T0 + 150_000),
    ];
    const timeline = minuteTimeline(samples);
    expect(timeline).toEqual([
      { start: T0, samples: 4, positive: 1, neutral: 0, negative: 2, notDetected: 1, unknown: 0, top: 'sad', meanEngagement: null },
      { start: T0 + 60_000, samples: 0, positive: 0, neutral: 0, negative: 0, notDetected: 0, unknown: 0, top: null, meanEngagement: null },
      { start: T0 + 120_000, samples: 1, positive: 0, neutral: 0, negative: 0, notDetected: 0, unknown: 1, top: null, meanEngagement: null },
    ]);
  });

  it('sorts samples and honours the bucket size', () => {
    const timeline = minuteTimeline([face('neutral', T0 + 25_000), face('happy', T0)], 10_000);
    expect(timeline.map((bucket) => bucket.samples)).toEqual([1, 0, 1]);
    expect(timeline.map((bucket) => bucket.top)).toEqual(['happy', null, 'neutral']);
  });

  it('rejects a bucket size that is not positive', () => {
    expect(() => minuteTimeline([face('happy', T0)], 0)).toThrow(RangeError);
  });
});

/** A sample with engagement cues as the engine stores them. */
function engaged(time: number, cues: EngagementCues, top: Expression | null = 'neutral'): SampleRecord {
  if (cues.interest === 'not-detected') return makeSample({ ...at(time), engagement: cues });
  if (top === null) return makeUnknownFaceSample('too-dark', { ...at(time), engagement: cues });
  return face(top, time, { engagement: cues });
}

const INTERESTED: EngagementCues = { interest: 'interested', yaw: 2, pitch: -3, roll: 0, facing: true, gazeWeight: 5, concentrationIndex: 1, level: 'highly-engaged' };
const LOOKING_AWAY: EngagementCues = { interest: 'not-interested', yaw: 45, pitch: 0, roll: 0, facing: false, gazeWeight: 2, concentrationIndex: 0.4, level: 'nominally-engaged' };

describe('the research table (interest)', () => {
  it('counts each sample once, with % of all samples, like the classroom study', () => {
    // The study's Mathematics lesson in miniature: 6 interested, 3 not interested, 1 not detected, plus 2 unknown.
    const samples = [
      ...Array.from({ length: 6 }, (_, i) => engaged(T0 + i * 1000, INTERESTED)),
      ...Array.from({ length: 3 }, (_, i) => engaged(T0 + (10 + i) * 1000, LOOKING_AWAY)),
      engaged(T0 + 20_000, { interest: 'not-detected' }),
      engaged(T0 + 21_000, { interest: 'unknown' }, null),
      engaged(T0 + 22_000, { interest: 'unknown' }, null),
    ];
    const table = interestTable(samples);
    expect(table.samples).toBe(12);
    expect(table.interested).toEqual({ count: 6, percent: 50 });
    expect(table.notInterested).toEqual({ count: 3, percent: 25 });
    expect(table.notDetected.count).toBe(1);
    expect(table.unknown.count).toBe(2);
    expect(table.interested.count + table.notInterested.count + table.notDetected.count + table.unknown.count).toBe(table.samples);
    expect(summarizeSession(session, samples).interest).toEqual(table);
  });

  it('reads records from before the engagement layer (empty cues): no face is not detected, a face is unknown', () => {
    expect(interestOf(noFace(T0))).toBe('not-detected');
    expect(interestOf(face('happy', T0))).toBe('unknown');
    expect(interestOf(unknownFace('too-dark', T0))).toBe('unknown');
    const summary = summarizeSession(session, [noFace(T0), face('happy', T0 + 1000)]);
    expect(summary.interest).toMatchObject({ samples: 2, interested: { count: 0, percent: 0 }, notDetected: { count: 1, percent: 50 }, unknown: { count: 1, percent: 50 } });
    expect(summary.meanEngagement).toBeNull();
    expect(summary.impression).toBe('good'); // the expression statistics are untouched
  });

  it('has zeros, not NaN, for an empty session', () => {
    expect(interestTable([])).toEqual({
      samples: 0,
      interested: { count: 0, percent: 0 },
      notInterested: { count: 0, percent: 0 },
      notDetected: { count: 0, percent: 0 },
      unknown: { count: 0, percent: 0 },
    });
  });
});

describe('mean engagement', () => {
  it('averages the CI over frames that have one, per session and per minute', () => {
    const samples = [
      engaged(T0, INTERESTED),
      engaged(T0 + 10_000, LOOKING_AWAY),
      engaged(T0 + 20_000, { interest: 'not-detected' }),
      engaged(T0 + 70_000, { ...INTERESTED, concentrationIndex: 0.667, level: 'highly-engaged' }, 'happy'),
    ];
    expect(meanEngagementOf(samples)).toBeCloseTo((1 + 0.4 + 0.667) / 3, 10);
    expect(summarizeSession(session, samples).meanEngagement).toBeCloseTo((1 + 0.4 + 0.667) / 3, 10);
    expect(minuteTimeline(samples).map((bucket) => bucket.meanEngagement)).toEqual([0.7, 0.667]);
  });

  it('uses the head/eyes weight in attention-only mode', () => {
    const attentionOnly: EngagementCues = { interest: 'not-interested', yaw: 40, pitch: 0, roll: 0, facing: false, gazeWeight: 2 };
    expect(meanEngagementOf([makeSample({ ...at(T0), faceFound: true, faceCount: 1, engagement: attentionOnly })])).toBeCloseTo(0.4, 10);
  });
});

describe('formatting', () => {
  it('formats percentages', () => {
    expect(formatPercent(100 / 3)).toBe('33.3%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(Number.NaN)).toBe('0.0%');
    expect(formatPercent(12.345, 2)).toBe('12.35%');
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(4 * 60_000)).toBe('4 min 0 s');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min 3 s');
    expect(formatDuration(-5)).toBe('0 s');
  });
});
