import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossoverRound, summariseCrossover } from '../../scripts/bench/crossover.ts';
import { builtExtension, positiveOption, type SidesWindow } from '../../scripts/bench/two-classes.ts';

/** A window of `wallS` seconds in which `analysing` analysed; CPU in seconds per side. */
function window(analysing: 'A' | 'B', cpuS: { A: number; B: number }, samples: number, wallS = 20): SidesWindow {
  return {
    analysing: { A: analysing === 'A', B: analysing === 'B' },
    cpuS,
    wallS,
    samples: { A: analysing === 'A' ? samples : 0, B: analysing === 'B' ? samples : 0 },
  };
}

describe('the crossover round', () => {
  it("cancels what one browser costs more than the other, and a load shared by both in a window", () => {
    // Browser A's class costs 1 s more per 20 s window than B's (5 % of a core); Raut adds 0.5 s (2.5 %);
    // the second window carries 2 s of extra load on both trees.
    const first = window('A', { A: 5 + 1 + 0.5, B: 5 }, 20);
    const second = window('B', { A: 5 + 1 + 2, B: 5 + 0.5 + 2 }, 20);
    const result = crossoverRound(first, second);
    expect(result.addedPct).toBeCloseTo(2.5, 10);
    expect(result.browserGapPct).toBeCloseTo(5, 10);
    expect(result.msPerSample).toBeCloseTo(25, 10); // 0.5 s over 20 samples
    expect(crossoverRound(second, first)).toEqual(result); // the order of the windows does not matter
  });

  it('reads windows of different lengths as shares of their own wall time', () => {
    const first = window('A', { A: 6.6, B: 6 }, 30, 30); // +2 %
    const second = window('B', { A: 4, B: 4.8 }, 20, 20); // +4 %
    expect(crossoverRound(first, second).addedPct).toBeCloseTo(3, 10);
  });

  it('refuses two windows that are not one of each', () => {
    const a = window('A', { A: 6, B: 5 }, 20);
    expect(() => crossoverRound(a, a)).toThrow(/one window with A analysing alone and one with B analysing alone/);
  });

  it('summarises the rounds as a Hodges–Lehmann estimate with its interval from six rounds', () => {
    const rounds = [2.1, 2.4, 1.9, 2.6, 2.2, 2.3].map((addedPct) => ({ addedPct, msPerSample: addedPct * 10, browserGapPct: 0 }));
    const summary = summariseCrossover(rounds);
    expect(summary.added_cpu_pct).toBeCloseTo(2.25, 2);
    expect(summary.added_cpu_pct_ci95).not.toBeNull();
    expect(summary.added_cpu_pct_ci95![0]).toBeLessThanOrEqual(summary.added_cpu_pct);
    expect(summary.added_cpu_pct_ci95![1]).toBeGreaterThanOrEqual(summary.added_cpu_pct);
    expect(summariseCrossover(rounds.slice(0, 5)).added_cpu_pct_ci95).toBeNull();
  });
});

describe("the two-class tools' options", () => {
  it('names a missing or empty build folder, and a rate that is not a positive number', () => {
    expect(() => builtExtension('build', undefined)).toThrow('--build names a built extension folder (e.g. a copy of dist/chrome)');
    const empty = mkdtempSync(join(tmpdir(), 'raut-no-build-'));
    try {
      expect(() => builtExtension('a', empty)).toThrow(`--a: no built extension in ${empty} (npx vite build writes dist/chrome)`);
      writeFileSync(join(empty, 'manifest.json'), '{}');
      expect(builtExtension('a', empty)).toBe(empty);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(positiveOption('rate', '5')).toBe(5);
    expect(() => positiveOption('rate', 'fast')).toThrow('--rate takes a positive number, not "fast"');
    expect(() => positiveOption('rounds', '0')).toThrow('--rounds takes a positive number, not "0"');
  });
});
