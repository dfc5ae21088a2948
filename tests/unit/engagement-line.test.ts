import { describe, expect, it } from 'vitest';
import { engagementSegments, pointsAttribute } from '../../src/popup/lib/engagement-line';

describe('engagementSegments', () => {
  it('puts one point per minute at the bar centre, 1 at the top and 0 at the bottom', () => {
    expect(engagementSegments([1, 0.5, 0], 10, 60)).toEqual([
      [
        [5, 0],
        [15, 30],
        [25, 60],
      ],
    ]);
  });

  it('breaks the line at a minute without a value instead of drawing it at 0', () => {
    const segments = engagementSegments([0.5, null, 0.25, 0.75], 10, 100);
    expect(segments).toHaveLength(2);
    // A lone minute is a dash across its bar.
    expect(segments[0]).toEqual([
      [0, 50],
      [10, 50],
    ]);
    expect(segments[1]).toEqual([
      [25, 75],
      [35, 25],
    ]);
  });

  it('clamps out-of-range values and skips non-finite ones', () => {
    expect(engagementSegments([2, -1, Number.NaN], 10, 10)).toEqual([
      [
        [5, 0],
        [15, 10],
      ],
    ]);
    expect(engagementSegments([], 10, 10)).toEqual([]);
    expect(pointsAttribute([[1, 2], [3.456, 4]])).toBe('1.00,2.00 3.46,4.00');
  });
});
