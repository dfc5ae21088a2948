import { describe, expect, it } from 'vitest';
import { ExpressionSmoothing } from '../../src/background/expression-smoothing';
import { DEFAULT_SMOOTHING_PARAMETERS } from '../../src/shared/smoothing';
import type { FrameAnalysis } from '../../src/shared/types';
import { probabilitiesFor } from '../helpers/records';

function analysis(probabilities: number[] | null, top: FrameAnalysis['top']): FrameAnalysis {
  return {
    faceFound: probabilities !== null,
    faceCount: probabilities === null ? 0 : 1,
    box: null,
    probabilities,
    top,
    valence: top === null ? null : top === 'happy' ? 'positive' : 'neutral',
    unknownReason: null,
    brightness: 120,
    backend: 'wasm',
    modelId: 'human-emotion',
    modelVersion: '3.3.6',
    engagement: {} as FrameAnalysis['engagement'],
    inferenceMs: 5,
  };
}

const neutral = analysis(probabilitiesFor('neutral'), 'neutral');
/** Happy, but only just: one such frame after a neutral one does not outweigh it. */
const slightlyHappy = analysis(probabilitiesFor('happy', 0.4, 0.1), 'happy');
const noFace = analysis(null, null);
const halfLifeMs = DEFAULT_SMOOTHING_PARAMETERS.halfLifeSeconds * 1000;

describe('ExpressionSmoothing', () => {
  it('derives top and valence from the smoothed probabilities and says how', () => {
    const smoothing = new ExpressionSmoothing();
    smoothing.read(1, 's1', 'exponential', 0, neutral);
    const reading = smoothing.read(1, 's1', 'exponential', halfLifeMs, slightlyHappy);
    // One half-life later: half neutral (0.7) + half slightly happy (0.1 on neutral) = 0.4 neutral vs 0.225 happy.
    expect(reading.top).toBe('neutral');
    expect(reading.valence).toBe('neutral');
    expect(reading.probabilities![6]).toBeCloseTo(0.4, 12);
    expect(reading.smoothed).toEqual({ method: 'exponential', seconds: DEFAULT_SMOOTHING_PARAMETERS.halfLifeSeconds, probabilities: reading.probabilities });
  });

  it('passes the frame through when off', () => {
    const smoothing = new ExpressionSmoothing();
    smoothing.read(1, 's1', 'off', 0, neutral);
    expect(smoothing.read(1, 's1', 'off', halfLifeMs, slightlyHappy)).toEqual({
      probabilities: slightlyHappy.probabilities,
      top: 'happy',
      valence: 'positive',
      smoothed: null,
    });
  });

  it('keeps each tab apart and starts afresh for a new session, another method, a frame without a face or forget()', () => {
    const smoothing = new ExpressionSmoothing();
    const afterNeutral = (prepare: () => void, tabId = 1, sessionId = 's1', method: 'exponential' | 'window' = 'exponential') => {
      smoothing.forgetAll();
      smoothing.read(1, 's1', 'exponential', 0, neutral);
      prepare();
      return smoothing.read(tabId, sessionId, method, halfLifeMs, slightlyHappy).top;
    };
    expect(afterNeutral(() => {})).toBe('neutral');
    expect(afterNeutral(() => {}, 2)).toBe('happy');
    expect(afterNeutral(() => {}, 1, 's2')).toBe('happy');
    expect(afterNeutral(() => {}, 1, 's1', 'window')).toBe('happy');
    expect(afterNeutral(() => smoothing.forget(1))).toBe('happy');
    expect(afterNeutral(() => expect(smoothing.read(1, 's1', 'exponential', halfLifeMs / 2, noFace).top).toBeNull())).toBe('happy');
  });
});
