/**
 * The worker's rule for an analysis that comes back. A frame is admitted before the engine runs
 * (controller.admitFrame); a pause, or attention-only switched on, can come while it is analysed,
 * so the worker checks again, against the admission in force now, before it keeps anything.
 */
import type { FrameAdmission } from '../shared/messages';
import type { FrameAnalysis } from '../shared/types';

/**
 * Whether the admission in force now would keep this analysis: not once the class is paused or its
 * platform off, nor expressions once attention-only applies (DESIGN.md rule 6).
 */
export function admits(now: FrameAdmission, analysis: Pick<FrameAnalysis, 'probabilities'>): boolean {
  return now.analyse && (!now.options.attentionOnly || analysis.probabilities === null);
}
