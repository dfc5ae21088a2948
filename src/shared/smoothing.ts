/**
 * Temporal smoothing of the expression probabilities over recent frames: video is not a photo,
 * and one frame's reading flickers with head motion, light and sensor noise.
 *
 * Both methods work in seconds of frame time, not in frames, so they mean the same at every
 * sampling rate and cope with uneven frame spacing. A frame without probabilities (no face, or a
 * quality gate said unknown), a pause longer than `maxGapSeconds` or time running backwards starts
 * afresh, so an earlier face never bleeds into the next one.
 *
 * Pure: no browser APIs, no clock; the caller passes each frame's capture time.
 */
import { EXPRESSION_COUNT } from './taxonomy';

export const SMOOTHING_METHODS = ['off', 'exponential', 'window'] as const;
export type SmoothingMethod = (typeof SMOOTHING_METHODS)[number];

export interface SmoothingParameters {
  /** Exponential: a frame's weight halves every this many seconds. */
  halfLifeSeconds: number;
  /** Window: the mean of the frames captured in the last this many seconds (the current one included). */
  windowSeconds: number;
  /** A longer pause between two classified frames (camera off, frames lost) starts afresh. */
  maxGapSeconds: number;
}

/**
 * Chosen on FER-2013 val frame sequences (`npm run eval -- --sequences`, table in models/README.md):
 * at 1 frame/s a half-life of 0.5 s had the best accuracy and macro F1 of the smoothings tried and
 * changed its answer a sixth less often than no smoothing; longer half-lives and every window lag
 * behind a new expression more than they gain. 1.5 s was the best window (two frames at 1 frame/s).
 * The gap is above twice the slowest sampling interval (0.2 frames/s), so steady sampling at any
 * allowed rate never resets by itself; after a longer pause an exponential history weighs little anyway.
 */
export const DEFAULT_SMOOTHING_PARAMETERS: SmoothingParameters = {
  halfLifeSeconds: 0.5,
  windowSeconds: 1.5,
  maxGapSeconds: 10,
};

export interface ProbabilitySmoother {
  /**
   * Takes the next frame (capture time in epoch ms, its 7 probabilities or null when it has none)
   * and returns the smoothed probabilities, or null (and forgets the past) for a frame without any.
   */
  next(timeMs: number, probabilities: readonly number[] | null): number[] | null;
  /** Forgets every earlier frame. */
  reset(): void;
}

function checkProbabilities(probabilities: readonly number[]): void {
  if (probabilities.length !== EXPRESSION_COUNT) throw new Error(`expected ${EXPRESSION_COUNT} probabilities, got ${probabilities.length}`);
}

/** Remembers the previous frame's time and says whether the next frame continues its history. */
class FrameClock {
  private lastTimeMs: number | null = null;

  constructor(private readonly maxGapSeconds: number) {}

  /** Seconds since the previous frame, or null when the history must start afresh (first frame, long pause, time going back). */
  advance(timeMs: number): number | null {
    const previous = this.lastTimeMs;
    this.lastTimeMs = timeMs;
    if (previous === null) return null;
    const elapsedSeconds = (timeMs - previous) / 1000;
    return elapsedSeconds < 0 || elapsedSeconds > this.maxGapSeconds ? null : elapsedSeconds;
  }

  reset(): void {
    this.lastTimeMs = null;
  }
}

/** The raw probabilities, copied: smoothing switched off. */
export class PassThroughSmoother implements ProbabilitySmoother {
  next(_timeMs: number, probabilities: readonly number[] | null): number[] | null {
    if (probabilities === null) return null;
    checkProbabilities(probabilities);
    return [...probabilities];
  }

  reset(): void {}
}

/**
 * s ← k·s + (1 − k)·p with k = 2^(−Δt / half-life): the weight of older frames decays with the
 * time that passed, whatever the frame rate. The first frame after a reset is taken as it is.
 */
export class ExponentialSmoother implements ProbabilitySmoother {
  private state: number[] | null = null;
  private readonly clock: FrameClock;

  constructor(private readonly halfLifeSeconds: number, maxGapSeconds: number) {
    if (!(halfLifeSeconds > 0)) throw new Error(`half-life must be positive, got ${halfLifeSeconds}`);
    this.clock = new FrameClock(maxGapSeconds);
  }

  next(timeMs: number, probabilities: readonly number[] | null): number[] | null {
    if (probabilities === null) {
      this.reset();
      return null;
    }
    checkProbabilities(probabilities);
    const elapsedSeconds = this.clock.advance(timeMs);
    const previous = this.state;
    if (previous === null || elapsedSeconds === null) {
      this.state = [...probabilities];
    } else {
      const keep = 2 ** (-elapsedSeconds / this.halfLifeSeconds);
      this.state = previous.map((value, k) => keep * value + (1 - keep) * (probabilities[k] as number));
    }
    return [...this.state];
  }

  reset(): void {
    this.state = null;
    this.clock.reset();
  }
}

/** The mean of the frames captured less than `windowSeconds` before the current one, the current one included. */
export class WindowSmoother implements ProbabilitySmoother {
  private frames: { timeMs: number; probabilities: readonly number[] }[] = [];
  private readonly clock: FrameClock;

  constructor(private readonly windowSeconds: number, maxGapSeconds: number) {
    if (!(windowSeconds > 0)) throw new Error(`window must be positive, got ${windowSeconds}`);
    this.clock = new FrameClock(maxGapSeconds);
  }

  next(timeMs: number, probabilities: readonly number[] | null): number[] | null {
    if (probabilities === null) {
      this.reset();
      return null;
    }
    checkProbabilities(probabilities);
    if (this.clock.advance(timeMs) === null) this.frames = [];
    const oldestKeptMs = timeMs - this.windowSeconds * 1000;
    this.frames = this.frames.filter((frame) => frame.timeMs > oldestKeptMs);
    this.frames.push({ timeMs, probabilities: [...probabilities] });
    const mean = new Array<number>(EXPRESSION_COUNT).fill(0);
    for (const frame of this.frames) frame.probabilities.forEach((value, k) => (mean[k] = (mean[k] as number) + value / this.frames.length));
    return mean;
  }

  reset(): void {
    this.frames = [];
    this.clock.reset();
  }
}

export function createSmoother(method: SmoothingMethod, parameters: SmoothingParameters = DEFAULT_SMOOTHING_PARAMETERS): ProbabilitySmoother {
  switch (method) {
    case 'off':
      return new PassThroughSmoother();
    case 'exponential':
      return new ExponentialSmoother(parameters.halfLifeSeconds, parameters.maxGapSeconds);
    case 'window':
      return new WindowSmoother(parameters.windowSeconds, parameters.maxGapSeconds);
  }
}

export function isSmoothingMethod(value: unknown): value is SmoothingMethod {
  return typeof value === 'string' && (SMOOTHING_METHODS as readonly string[]).includes(value);
}
