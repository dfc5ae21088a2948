/**
 * Temporal smoothing of the expression per class tab (src/shared/smoothing.ts), between the
 * engine's per-frame result and what is stored and shown.
 *
 * What is stored: a sample keeps the frame's raw `probabilities` (the model's output, so a
 * researcher can compare or re-smooth), while its `top` and `valence` come from the smoothed
 * probabilities, recorded with the method in the optional `smoothed` field. Summaries and exports
 * count `top`/`valence`, so they follow the smoothed reading; the live view shows the smoothed
 * probabilities and top. Engagement cues stay per frame (the engine computes them).
 *
 * Each tab has its own smoother, started afresh for a new session or another method, and when the
 * camera stops or the data is deleted. It lives in the worker's memory only: after a worker restart
 * smoothing starts again from the next frame.
 */
import { createSmoother, DEFAULT_SMOOTHING_PARAMETERS, type ProbabilitySmoother, type SmoothingMethod } from '../shared/smoothing';
import { topExpression, valenceOf } from '../shared/taxonomy';
import type { FrameAnalysis, SmoothedExpression } from '../shared/types';

/** The expression part of a frame as stored and shown. */
export interface ExpressionReading extends Pick<FrameAnalysis, 'probabilities' | 'top' | 'valence'> {
  /** Set when `top`, `valence` and `probabilities` here are the smoothed ones. */
  smoothed: SmoothedExpression | null;
}

interface TabSmoother {
  sessionId: string;
  method: SmoothingMethod;
  smoother: ProbabilitySmoother;
}

function secondsOf(method: Exclude<SmoothingMethod, 'off'>): number {
  return method === 'exponential' ? DEFAULT_SMOOTHING_PARAMETERS.halfLifeSeconds : DEFAULT_SMOOTHING_PARAMETERS.windowSeconds;
}

export class ExpressionSmoothing {
  private readonly tabs = new Map<number, TabSmoother>();

  private smootherFor(tabId: number, sessionId: string, method: SmoothingMethod): ProbabilitySmoother {
    const current = this.tabs.get(tabId);
    if (current && current.sessionId === sessionId && current.method === method) return current.smoother;
    const smoother = createSmoother(method);
    this.tabs.set(tabId, { sessionId, method, smoother });
    return smoother;
  }

  /** The reading of the frame captured at `time` (epoch ms) in `tabId`'s session. */
  read(tabId: number, sessionId: string, method: SmoothingMethod, time: number, analysis: FrameAnalysis): ExpressionReading {
    const smoothed = this.smootherFor(tabId, sessionId, method).next(time, analysis.probabilities);
    if (method === 'off' || smoothed === null) {
      return { probabilities: analysis.probabilities, top: analysis.top, valence: analysis.valence, smoothed: null };
    }
    // Stored like the engine's own probabilities: 4 decimals (the top is taken before rounding).
    const top = topExpression(smoothed);
    const rounded = smoothed.map((value) => Math.round(value * 10_000) / 10_000);
    return { probabilities: rounded, top, valence: valenceOf(top), smoothed: { method, seconds: secondsOf(method), probabilities: rounded } };
  }

  /** The next frame of this tab starts afresh (camera stopped, tab closed, data deleted). */
  forget(tabId: number): void {
    this.tabs.delete(tabId);
  }

  forgetAll(): void {
    this.tabs.clear();
  }
}
