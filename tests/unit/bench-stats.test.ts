import { describe, expect, it } from 'vitest';
import { agreement, hodgesLehmann, hodgesLehmannInterval95, median, p95, quantile, round, signedRankCritical } from '../../scripts/bench/stats.ts';

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

  it("finds Wilcoxon's signed-rank critical values as the published tables give them", () => {
    // Two-sided 5 %: n = 6 → 0, 9 → 5, 10 → 8, 15 → 25, 20 → 52; below 6 no value qualifies.
    expect(signedRankCritical(5)).toBeNull();
    expect(signedRankCritical(6)).toBe(0);
    expect(signedRankCritical(9)).toBe(5);
    expect(signedRankCritical(10)).toBe(8);
    expect(signedRankCritical(15)).toBe(25);
    expect(signedRankCritical(20)).toBe(52);
  });

  it('takes the median of the Walsh averages, which one wild value cannot drag', () => {
    // 1, 2, 3: Walsh averages 1, 1.5, 2, 2, 2.5, 3 → median 2.
    expect(hodgesLehmann([3, 1, 2])).toBe(2);
    const steady = [3.1, 2.8, 3.4, 2.9, 3.0, 3.2, 2.7, 3.3, 3.0];
    const oneWild = [...steady.slice(0, 8), -7.9];
    expect(hodgesLehmann(steady)).toBeCloseTo(3.05, 10);
    expect(Math.abs(hodgesLehmann(oneWild) - hodgesLehmann(steady))).toBeLessThan(0.15);
    expect(() => hodgesLehmann([])).toThrow(/empty/);
  });

  it('gives the distribution-free 95 % interval from the ranked Walsh averages', () => {
    // n = 6, critical 0: the smallest and the largest Walsh average, i.e. min and max.
    expect(hodgesLehmannInterval95([4, 1, 6, 2, 5, 3])).toEqual([1, 6]);
    // n = 9, critical 5: the 6th smallest and the 6th largest of the 45 Walsh averages of 1..9 (1, 1.5, 2, 2, 2.5, 2.5, …).
    const interval = hodgesLehmannInterval95([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(interval).toEqual([2.5, 7.5]);
    expect(hodgesLehmannInterval95([1, 2, 3, 4, 5])).toBeNull();
  });
});
