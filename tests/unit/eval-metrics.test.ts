import { describe, expect, it } from 'vitest';
import { renderConfusionSvg } from '../../scripts/eval/confusion-svg';
import {
  accuracy,
  classMetrics,
  confusionMatrix,
  emptyConfusion,
  evaluateConfusion,
  valenceAccuracy,
  type ConfusionMatrix,
} from '../../scripts/eval/metrics';
import { formatConfusionTable } from '../../scripts/eval/report-text';
import { EXPRESSIONS } from '../../src/shared/taxonomy';

const [ANGRY, DISGUST, FEAR, HAPPY, SAD, , NEUTRAL] = [0, 1, 2, 3, 4, 5, 6] as const;

/**
 * 16 samples, hand-worked below. disgust has support 2 but is never predicted; fear has support 0
 * but is predicted once; surprise has support 0 and is never predicted.
 *
 *   true \ pred  angry disgust fear happy sad surprise neutral | support
 *   angry          3      0     1    0    0     0        0    |   4
 *   disgust        1      0     0    0    1     0        0    |   2
 *   fear           0      0     0    0    0     0        0    |   0
 *   happy          0      0     0    4    0     0        1    |   5
 *   sad            0      0     0    0    2     0        0    |   2
 *   surprise       0      0     0    0    0     0        0    |   0
 *   neutral        0      0     0    1    0     0        2    |   3
 *   predicted      4      0     1    5    3     0        3
 */
const truth = [ANGRY, ANGRY, ANGRY, ANGRY, DISGUST, DISGUST, HAPPY, HAPPY, HAPPY, HAPPY, HAPPY, SAD, SAD, NEUTRAL, NEUTRAL, NEUTRAL];
const predicted = [ANGRY, ANGRY, ANGRY, FEAR, ANGRY, SAD, HAPPY, HAPPY, HAPPY, HAPPY, NEUTRAL, SAD, SAD, HAPPY, NEUTRAL, NEUTRAL];

const expectedConfusion: ConfusionMatrix = [
  [3, 0, 1, 0, 0, 0, 0],
  [1, 0, 0, 0, 1, 0, 0],
  [0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 4, 0, 0, 1],
  [0, 0, 0, 0, 2, 0, 0],
  [0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 1, 0, 0, 2],
];

describe('confusionMatrix', () => {
  it('counts true class by row and predicted class by column', () => {
    expect(confusionMatrix(truth, predicted, 7)).toEqual(expectedConfusion);
  });

  it('rejects mismatched lengths and labels out of range', () => {
    expect(() => confusionMatrix([0, 1], [0], 7)).toThrow(/2 labels/);
    expect(() => confusionMatrix([7], [0], 7)).toThrow(/out of range/);
    expect(() => confusionMatrix([0], [-1], 7)).toThrow(/out of range/);
  });
});

describe('per-class metrics (hand-computed)', () => {
  const perClass = classMetrics(expectedConfusion);

  it('angry: 3 of 4 predicted right, 3 of 4 found', () => {
    expect(perClass[ANGRY]).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
  });

  it('disgust is never predicted: precision 0 by convention, recall 0, F1 0', () => {
    expect(perClass[DISGUST]).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
  });

  it('fear has zero support: recall 0 by convention; its one prediction is wrong, precision 0', () => {
    expect(perClass[FEAR]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('sad: precision 2/3, recall 1, F1 0.8', () => {
    const sad = perClass[SAD]!;
    expect(sad.precision).toBeCloseTo(2 / 3, 12);
    expect(sad.recall).toBe(1);
    expect(sad.f1).toBeCloseTo(0.8, 12);
    expect(sad.support).toBe(2);
  });

  it('happy 0.8/0.8 and neutral 2/3 everywhere; surprise all zero', () => {
    expect(perClass[HAPPY]!.f1).toBeCloseTo(0.8, 12);
    expect(perClass[NEUTRAL]!.precision).toBeCloseTo(2 / 3, 12);
    expect(perClass[NEUTRAL]!.recall).toBeCloseTo(2 / 3, 12);
    expect(perClass[5]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});

describe('evaluateConfusion (hand-computed)', () => {
  const metrics = evaluateConfusion(expectedConfusion);

  it('accuracy = 11 correct of 16', () => {
    expect(metrics.n).toBe(16);
    expect(metrics.accuracy).toBe(11 / 16);
  });

  it('macro averages run over the 6 classes present in truth or predictions (surprise is left out)', () => {
    expect(metrics.macro.precision).toBeCloseTo((0.75 + 0 + 0 + 0.8 + 2 / 3 + 2 / 3) / 6, 12);
    expect(metrics.macro.recall).toBeCloseTo((0.75 + 0 + 0 + 0.8 + 1 + 2 / 3) / 6, 12);
    expect(metrics.macro.f1).toBeCloseTo((0.75 + 0 + 0 + 0.8 + 0.8 + 2 / 3) / 6, 12);
  });

  it('weighted averages weight by support (weighted recall equals accuracy)', () => {
    expect(metrics.weighted.precision).toBeCloseTo(31 / 48, 12);
    expect(metrics.weighted.recall).toBeCloseTo(11 / 16, 12);
    expect(metrics.weighted.f1).toBeCloseTo(10.6 / 16, 12);
  });

  it('valence accuracy: only happy→neutral and neutral→happy cross a valence group (14 of 16)', () => {
    expect(metrics.valenceAccuracy).toBe(14 / 16);
    expect(valenceAccuracy(expectedConfusion)).toBe(14 / 16);
  });

  it('an empty matrix gives zeros, never NaN', () => {
    const empty = evaluateConfusion(emptyConfusion(7));
    expect(empty.accuracy).toBe(0);
    expect(empty.valenceAccuracy).toBe(0);
    expect(empty.macro).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(empty.weighted).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(accuracy([])).toBe(0);
  });

  it('rejects a matrix that is not classes × classes', () => {
    expect(() => evaluateConfusion([[1, 2], [3, 4]])).toThrow(/7×7/);
  });
});

describe('confusion rendering', () => {
  it('aligns the text table in columns', () => {
    const lines = formatConfusionTable(expectedConfusion).split('\n');
    expect(lines).toHaveLength(8);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[1]).toMatch(/^angry\s+3\s+0\s+1\s+0\s+0\s+0\s+0$/);
  });

  it('draws one cell per matrix entry and escapes the title', () => {
    const svg = renderConfusionSvg(expectedConfusion, EXPRESSIONS, 'a <b> & "c"');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(49);
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).not.toContain('NaN');
  });
});
