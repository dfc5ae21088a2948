import { describe, expect, it } from 'vitest';
import { parseEvalArgs } from '../../scripts/eval/args';
import { buildFrameSequences, DEFAULT_SEQUENCE_OPTIONS, type SequenceFrame } from '../../scripts/eval/frame-sequences';
import type { LabeledImage } from '../../scripts/eval/labeled-image';
import { averageWithMirror, changesPer100Frames, scoreAllVariants, scoreVariant, SMOOTHING_VARIANTS } from '../../scripts/eval/sequence-scoring';
import { PoseDrift, renderFrame } from '../../scripts/eval/video-jitter';
import { seededRandom } from '../../scripts/seeded-random';

const SIDE = 16;

/** A gradient face with its own brightness, so every still image and its frames can be told apart. */
function still(index: number, label: number): LabeledImage {
  const data = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) data[y * SIDE + x] = 40 + 4 * x + 2 * y + index;
  return { label, image: { width: SIDE, height: SIDE, channels: 1, data }, source: `still-${index}.jpg` };
}

/** 28 stills, 4 of each of the 7 classes, in class order as the folder reader returns them. */
const STILLS = Array.from({ length: 28 }, (_, i) => still(i, Math.floor(i / 4)));
const OPTIONS = { ...DEFAULT_SEQUENCE_OPTIONS, seed: 7, segmentsPerSequence: 5 };

/** Frames grouped into their segments: consecutive frames of one sequence made from the same still. */
function segmentsOf(frames: readonly SequenceFrame[]): SequenceFrame[][] {
  const segments: SequenceFrame[][] = [];
  frames.forEach((frame, i) => {
    const previous = frames[i - 1];
    if (previous && previous.sequence === frame.sequence && previous.source === frame.source) segments.at(-1)!.push(frame);
    else segments.push([frame]);
  });
  return segments;
}

describe('buildFrameSequences', () => {
  const built = buildFrameSequences(STILLS, OPTIONS);

  it('is deterministic for a seed and differs for another seed', () => {
    const again = buildFrameSequences(STILLS, OPTIONS);
    expect(again.frames.length).toBe(built.frames.length);
    again.frames.forEach((frame, i) => expect(frame).toEqual(built.frames[i]));
    const other = buildFrameSequences(STILLS, { ...OPTIONS, seed: 8 });
    expect(other.frames.map((frame) => frame.source)).not.toEqual(built.frames.map((frame) => frame.source));
  });

  it('uses every still once, as one segment held 2–8 s, in sequences of 5 segments', () => {
    const segments = segmentsOf(built.frames);
    expect(segments).toHaveLength(STILLS.length);
    expect(new Set(segments.map((segment) => segment[0]!.source)).size).toBe(STILLS.length);
    for (const segment of segments) {
      expect(segment.length).toBeGreaterThanOrEqual(2);
      expect(segment.length).toBeLessThanOrEqual(8);
    }
    expect(built.sequenceCount).toBe(Math.ceil(STILLS.length / 5));
    expect(new Set(built.frames.map((frame) => frame.sequence))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it('labels every frame with the class of the still it shows', () => {
    const labelOf = new Map(STILLS.map((item) => [item.source, item.label]));
    for (const frame of built.frames) expect(frame.label).toBe(labelOf.get(frame.source));
  });

  it('has transitions: switches inside sequences, most of them to another class, shuffled out of class order', () => {
    expect(built.switchCount).toBe(STILLS.length - built.sequenceCount);
    expect(built.classChangeCount).toBeGreaterThan(built.switchCount / 2);
    expect(built.classChangeCount).toBeLessThanOrEqual(built.switchCount);
    const firstLabels = segmentsOf(built.frames).map((segment) => segment[0]!.label);
    expect(firstLabels).not.toEqual([...firstLabels].sort((a, b) => a - b));
  });

  it('spaces frames 1 s ± 5 % from 0 in each sequence and counts the time since each switch', () => {
    for (const segment of segmentsOf(built.frames)) {
      const first = segment[0]!;
      const isFirstOfSequence = built.frames.indexOf(first) === 0 || built.frames[built.frames.indexOf(first) - 1]!.sequence !== first.sequence;
      if (isFirstOfSequence) {
        expect(first.timeMs).toBe(0);
        for (const frame of segment) expect(frame.sinceSwitchMs).toBeNull();
      } else {
        for (const frame of segment) expect(frame.sinceSwitchMs).toBeCloseTo(frame.timeMs - first.timeMs, 9);
      }
    }
    built.frames.forEach((frame, i) => {
      const previous = built.frames[i - 1];
      if (!previous || previous.sequence !== frame.sequence) return;
      expect(frame.timeMs - previous.timeMs).toBeGreaterThanOrEqual(950);
      expect(frame.timeMs - previous.timeMs).toBeLessThanOrEqual(1050);
    });
  });

  it('jitters the frames: each differs from its still and from its neighbour, but stays close to the still', () => {
    const stillOf = new Map(STILLS.map((item) => [item.source, item.image.data]));
    const meanDifference = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length;
    for (const segment of segmentsOf(built.frames)) {
      for (const frame of segment) {
        const difference = meanDifference(frame.image.data, stillOf.get(frame.source)!);
        expect(difference).toBeGreaterThan(0);
        expect(difference).toBeLessThan(40); // gain ±20 % and offset ±15 at most
      }
      expect(meanDifference(segment[0]!.image.data, segment[1]!.image.data)).toBeGreaterThan(0);
    }
  });

  it('follows the frame rate and hold options', () => {
    const fast = buildFrameSequences(STILLS, { ...OPTIONS, framesPerSecond: 4, minHoldSeconds: 1, maxHoldSeconds: 1 });
    for (const segment of segmentsOf(fast.frames)) expect(segment).toHaveLength(4);
    expect(() => buildFrameSequences(STILLS, { ...OPTIONS, minHoldSeconds: 3, maxHoldSeconds: 2 })).toThrow(/hold/);
  });
});

describe('video jitter', () => {
  it('renders the still unchanged with a neutral pose and no noise', () => {
    const item = still(3, 0);
    const neutral = { shiftX: 0, shiftY: 0, rotationDegrees: 0, scale: 1, gain: 1, offset: 0 };
    expect(renderFrame(item.image, neutral, seededRandom(1), 0).data).toEqual(item.image.data);
  });

  it('shifts by whole pixels, repeating the border', () => {
    const item = still(0, 0);
    const shifted = renderFrame(item.image, { shiftX: 1, shiftY: 0, rotationDegrees: 0, scale: 1, gain: 1, offset: 0 }, seededRandom(1), 0);
    for (let y = 0; y < SIDE; y++) {
      expect(shifted.data[y * SIDE]).toBe(item.image.data[y * SIDE]);
      for (let x = 1; x < SIDE; x++) expect(shifted.data[y * SIDE + x]).toBe(item.image.data[y * SIDE + x - 1]);
    }
  });

  it('drifts within its limits, the same for the same seed', () => {
    const poses = (seed: number) => {
      const drift = new PoseDrift(seededRandom(seed), 48);
      return Array.from({ length: 50 }, () => drift.next(1));
    };
    expect(poses(3)).toEqual(poses(3));
    for (const pose of poses(3)) {
      expect(Math.abs(pose.shiftX)).toBeLessThanOrEqual(0.05 * 48);
      expect(Math.abs(pose.rotationDegrees)).toBeLessThanOrEqual(6);
      expect(Math.abs(pose.scale - 1)).toBeLessThanOrEqual(0.06 + 1e-12);
    }
  });
});

describe('sequence scoring', () => {
  /** Two sequences: class 0 for 3 frames then class 1 for 3 frames; then class 2 for 2 frames. */
  const frames: SequenceFrame[] = [
    ...[0, 1, 2].map((s) => ({ label: 0, sequence: 0, timeMs: s * 1000, sinceSwitchMs: null })),
    ...[3, 4, 5].map((s) => ({ label: 1, sequence: 0, timeMs: s * 1000, sinceSwitchMs: (s - 3) * 1000 })),
    ...[0, 1].map((s) => ({ label: 2, sequence: 1, timeMs: s * 1000, sinceSwitchMs: null })),
  ].map((frame) => ({ ...frame, image: { width: 1, height: 1, channels: 1 as const, data: new Uint8Array(1) }, source: '' }));
  const confident = (k: number) => Array.from({ length: 7 }, (_, i) => (i === k ? 0.7 : 0.05));
  /** One frame of the first face flickers to class 5 (0.5) over its true class 0 (0.3). */
  const flicker = [0.3, 0.04, 0.04, 0.04, 0.04, 0.5, 0.04];
  const probabilities = [confident(0), flicker, confident(0), confident(1), confident(1), confident(1), confident(2), confident(2)];

  it('without smoothing scores each frame on its own', () => {
    const score = scoreVariant(frames, probabilities, { method: 'off', seconds: null, tta: 'none' });
    expect(score.metrics.accuracy).toBeCloseTo(7 / 8, 12);
    expect(score.afterSwitchAccuracy).toBe(1);
    // Changes inside sequences: 0→5, 5→0, 0→1, over 8 frames.
    expect(score.changesPer100Frames).toBeCloseTo(300 / 8, 12);
  });

  it('exponential smoothing removes the flicker and still follows the switch', () => {
    const score = scoreVariant(frames, probabilities, { method: 'exponential', seconds: 1, tta: 'none' });
    // Half-life 1 s, frames 1 s apart: keep half. Frame 1: class 0 = 0.5·0.7 + 0.5·0.3 = 0.5 > class 5 = 0.275.
    // Frame 2: class 0 = 0.6. Frame 3 (switch): class 0 = 0.5·0.6 + 0.5·0.05 = 0.325 < class 1 = 0.5·0.045 + 0.5·0.7 = 0.3725.
    expect(score.metrics.accuracy).toBe(1);
    expect(score.changesPer100Frames).toBeCloseTo(100 / 8, 12);
  });

  it('window smoothing drops the frames older than the window', () => {
    const score = scoreVariant(frames, probabilities, { method: 'window', seconds: 2.5, tta: 'none' });
    // Frame 3 (at 3 s) averages frames 1–3: class 0 = (0.3 + 0.7 + 0.05) / 3 = 0.35 > class 1 = 0.79 / 3: wrong.
    // Frame 4 averages frames 2–4: class 1 = 1.45 / 3 wins: right.
    expect(score.afterSwitchAccuracy).toBe(1 / 2);
  });

  it('averages a face with its mirror image', () => {
    const [row] = averageWithMirror([[0.2, 0.8]], [[0.6, 0.4]]);
    expect(row![0]).toBeCloseTo(0.4, 12);
    expect(row![1]).toBeCloseTo(0.6, 12);
  });

  it('scores every variant without and with flip, and counts true changes as a floor', () => {
    const scores = scoreAllVariants(frames, probabilities, probabilities);
    expect(scores).toHaveLength(2 * SMOOTHING_VARIANTS.length);
    expect(scores.map((score) => score.tta)).toEqual([...SMOOTHING_VARIANTS.map(() => 'none'), ...SMOOTHING_VARIANTS.map(() => 'flip')]);
    expect(changesPer100Frames(frames, frames.map((frame) => frame.label))).toBeCloseTo(100 / 8, 12);
  });
});

describe('--sequences options', () => {
  const data = ['--data', '.'];

  it('parses the sequence options with their defaults', () => {
    expect(parseEvalArgs(data).sequences).toBeUndefined();
    expect(parseEvalArgs([...data, '--sequences']).sequences).toEqual({ seed: 1, framesPerSecond: 1, minHoldSeconds: 2, maxHoldSeconds: 8 });
    expect(parseEvalArgs([...data, '--sequences', '--seed', '0', '--fps', '2.5', '--hold', '5-20']).sequences).toEqual({
      seed: 0,
      framesPerSecond: 2.5,
      minHoldSeconds: 5,
      maxHoldSeconds: 20,
    });
  });

  it('refuses what does not fit', () => {
    expect(() => parseEvalArgs([...data, '--seed', '2'])).toThrow(/--sequences only/);
    expect(() => parseEvalArgs([...data, '--sequences', '--tta', 'flip'])).toThrow(/leave --tta out/);
    expect(() => parseEvalArgs([...data, '--sequences', '--svg', 'x.svg'])).toThrow(/leave --svg out/);
    expect(() => parseEvalArgs([...data, '--sequences', '--fps', '0'])).toThrow(/--fps must be a positive number/);
    expect(() => parseEvalArgs([...data, '--sequences', '--hold', '8-2'])).toThrow(/--hold must be MIN-MAX/);
    expect(() => parseEvalArgs([...data, '--sequences', '--seed', '1.5'])).toThrow(/--seed must be a whole number/);
  });
});
