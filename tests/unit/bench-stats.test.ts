import { describe, expect, it } from 'vitest';
import { agreement, median, p95, quantile, round } from '../../scripts/bench/stats.ts';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle ones, as the median', () => {
    expect(median([7, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
  });

  it('interpolates p95 between the nearest ranks', () => {
    // 1..20 sorted: position 19 × 0.95 = 18.05 → 19 + 0.05 × (20 − 19) = 19.05
    expect(p95(Array.from({ length: 20 }, (_, i) => 20 - i))).toBeCloseTo(19.05, 10);
    // [10, 20, 30, 40, 100]: position 4 × 0.95 = 3.8 → 40 + 0.8 × 60 = 88
    expect(p95([100, 10, 40, 20, 30])).toBeCloseTo(88, 10);
    expect(p95([2, 2])).toBe(2);
  });

  it('gives the extremes at q = 0 and q = 1 and rejects bad input', () => {
    expect(quantile([3, 9, 1], 0)).toBe(1);
    expect(quantile([3, 9, 1], 1)).toBe(9);
    expect(() => quantile([], 0.5)).toThrow();
    expect(() => quantile([1], 1.5)).toThrow();
  });

  it('does not reorder the caller’s list', () => {
    const times = [3, 1, 2];
    median(times);
    expect(times).toEqual([3, 1, 2]);
  });

  it('counts agreement over labelled items only', () => {
    expect(
      agreement([
        { answer: 'happy', label: 'happy' },
        { answer: 'sad', label: 'neutral' },
        { answer: null, label: 'happy' },
        { answer: 'happy', label: null },
      ]),
    ).toBeCloseTo(1 / 3, 10);
    expect(agreement([{ answer: 'happy', label: null }])).toBeNull();
  });

  it('rounds for reports', () => {
    expect(round(17.954)).toBe(17.95);
    expect(round(2.5, 0)).toBe(3);
  });
});
