import { describe, expect, it } from 'vitest';
import { admits } from '../../src/background/admission';
import type { FrameAdmission } from '../../src/shared/messages';

const analyse = (attentionOnly: boolean): FrameAdmission => ({ analyse: true, options: { backend: 'wasm', attentionOnly, calibration: null } });
const withExpressions = { probabilities: [0.1, 0, 0, 0.7, 0.1, 0, 0.1] };
const withoutExpressions = { probabilities: null };

describe('admits (an analysis that comes back, against the admission in force now)', () => {
  it('keeps what the class still admits', () => {
    expect(admits(analyse(false), withExpressions)).toBe(true);
    expect(admits(analyse(false), withoutExpressions)).toBe(true);
    expect(admits(analyse(true), withoutExpressions)).toBe(true);
  });

  it('keeps nothing once the class is paused or its platform off', () => {
    expect(admits({ analyse: false }, withExpressions)).toBe(false);
    expect(admits({ analyse: false }, withoutExpressions)).toBe(false);
  });

  it('keeps no expressions once attention-only applies (a frame analysed before the switch)', () => {
    expect(admits(analyse(true), withExpressions)).toBe(false);
  });
});
