import { describe, expect, it } from 'vitest';
import {
  createSmoother,
  DEFAULT_SMOOTHING_PARAMETERS,
  ExponentialSmoother,
  isSmoothingMethod,
  PassThroughSmoother,
  WindowSmoother,
} from '../../src/shared/smoothing';

/** All probability on class k. */
const only = (k: number): number[] => Array.from({ length: 7 }, (_, i) => (i === k ? 1 : 0));
const mix = (...pairs: [number, number][]): number[] => {
  const result = new Array<number>(7).fill(0);
  for (const [k, p] of pairs) result[k] = p;
  return result;
};

function expectClose(actual: number[] | null, expected: number[]): void {
  expect(actual).not.toBeNull();
  expect(actual).toHaveLength(7);
  actual!.forEach((value, k) => expect(value, `class ${k}`).toBeCloseTo(expected[k]!, 10));
}

describe('ExponentialSmoother (half-life 1 s, gap 10 s)', () => {
  const make = () => new ExponentialSmoother(1, 10);

  it('takes the first frame as it is, then halves the past per second of frame time', () => {
    const smoother = make();
    expectClose(smoother.next(0, only(0)), only(0));
    // 1 s later: keep 2^-1 = 0.5 of the past.
    expectClose(smoother.next(1000, only(1)), mix([0, 0.5], [1, 0.5]));
    // 2 s later: keep 2^-2 = 0.25 of [0.5, 0.5].
    expectClose(smoother.next(3000, only(2)), mix([0, 0.125], [1, 0.125], [2, 0.75]));
  });

  it('depends on elapsed time, not on how many frames arrived in it', () => {
    const twoFrames = make();
    twoFrames.next(0, only(0));
    // After 0.5 s: keep 2^-0.5; holding the same face another 0.5 s lands where one frame at 1 s does.
    expectClose(twoFrames.next(500, only(1)), mix([0, Math.SQRT1_2], [1, 1 - Math.SQRT1_2]));
    expectClose(twoFrames.next(1000, only(1)), mix([0, 0.5], [1, 0.5]));
  });

  it('keeps a probability distribution', () => {
    const smoother = make();
    smoother.next(0, [0.1, 0.2, 0.3, 0.05, 0.05, 0.2, 0.1]);
    const result = smoother.next(700, [0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])!;
    expect(result.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('starts afresh after a frame without probabilities (no face, unknown)', () => {
    const smoother = make();
    smoother.next(0, only(0));
    expect(smoother.next(1000, null)).toBeNull();
    expectClose(smoother.next(2000, only(3)), only(3));
  });

  it('starts afresh after a pause longer than the gap, not after one of exactly the gap', () => {
    const longPause = make();
    longPause.next(0, only(0));
    expectClose(longPause.next(10_001, only(4)), only(4));

    const atTheGap = make();
    atTheGap.next(0, only(0));
    const keep = 2 ** -10;
    expectClose(atTheGap.next(10_000, only(4)), mix([0, keep], [4, 1 - keep]));
  });

  it('starts afresh when time runs backwards, and after reset()', () => {
    const smoother = make();
    smoother.next(5000, only(0));
    expectClose(smoother.next(4000, only(5)), only(5));
    smoother.reset();
    expectClose(smoother.next(4500, only(6)), only(6));
  });

  it('returns a copy and does not keep the caller’s array', () => {
    const smoother = make();
    const input = only(0);
    const first = smoother.next(0, input)!;
    input[0] = 0;
    first[0] = 42;
    expectClose(smoother.next(0, only(0)), only(0));
  });

  it('refuses a vector that is not 7 probabilities and a half-life that is not positive', () => {
    expect(() => make().next(0, [1, 0])).toThrow(/7 probabilities/);
    expect(() => new ExponentialSmoother(0, 10)).toThrow(/half-life/);
  });
});

describe('WindowSmoother (window 3 s, gap 10 s)', () => {
  const make = () => new WindowSmoother(3, 10);

  it('averages the frames captured less than 3 s before the current one', () => {
    const smoother = make();
    expectClose(smoother.next(0, only(0)), only(0));
    expectClose(smoother.next(1000, only(1)), mix([0, 1 / 2], [1, 1 / 2]));
    expectClose(smoother.next(2000, only(1)), mix([0, 1 / 3], [1, 2 / 3]));
    // The frame at 0 is exactly 3 s old: out.
    expectClose(smoother.next(3000, only(2)), mix([1, 2 / 3], [2, 1 / 3]));
    // Uneven spacing: at 5.5 s only the frames at 3 s and 5.5 s are younger than 3 s.
    expectClose(smoother.next(5500, only(2)), only(2));
  });

  it('starts afresh after a frame without probabilities, a long pause, time going back or reset()', () => {
    const smoother = make();
    smoother.next(0, only(0));
    expect(smoother.next(1000, null)).toBeNull();
    expectClose(smoother.next(1500, only(1)), only(1));
    expectClose(smoother.next(11_501, only(2)), only(2));
    expectClose(smoother.next(11_000, only(3)), only(3));
    smoother.reset();
    expectClose(smoother.next(11_200, only(4)), only(4));
  });

  it('drops frames after a pause longer than the gap, even inside the window', () => {
    const smoother = new WindowSmoother(3, 1.5);
    smoother.next(0, only(0));
    // 2 s pause > the 1.5 s gap: the frame at 0 is dropped although it is inside the window.
    expectClose(smoother.next(2000, only(1)), only(1));
  });
});

describe('PassThroughSmoother and createSmoother', () => {
  it('passes each frame through unchanged (a copy) when off', () => {
    const smoother = new PassThroughSmoother();
    const input = mix([0, 0.7], [6, 0.3]);
    const output = smoother.next(0, input)!;
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
    expect(smoother.next(1000, null)).toBeNull();
  });

  it('builds the smoother each method names, with the default parameters', () => {
    expect(createSmoother('off')).toBeInstanceOf(PassThroughSmoother);
    expect(createSmoother('exponential')).toBeInstanceOf(ExponentialSmoother);
    expect(createSmoother('window')).toBeInstanceOf(WindowSmoother);
    const exponential = createSmoother('exponential');
    exponential.next(0, only(0));
    const keep = 2 ** (-1 / DEFAULT_SMOOTHING_PARAMETERS.halfLifeSeconds);
    expectClose(exponential.next(1000, only(1)), mix([0, keep], [1, 1 - keep]));
  });

  it('recognises the method names', () => {
    for (const method of ['off', 'exponential', 'window']) expect(isSmoothingMethod(method)).toBe(true);
    for (const value of ['Off', 'median', '', null, 0]) expect(isSmoothingMethod(value)).toBe(false);
  });
});
