/**
 * Labelled frame sequences built from still FER images, for measuring temporal smoothing.
 *
 * The images are shuffled with a seeded PRNG and each is used once, as one segment: the face is
 * held for 2–8 s of frames (video-like jitter: see video-jitter.ts), then the next image follows at
 * once, usually of another class. Every `segmentsPerSequence` segments make one sequence, the
 * smoother starting afresh at each. Frames are spaced 1/fps apart, ±5 % like a timer's wake-ups,
 * so smoothing runs on real frame times. The same images, order and seed give the same frames.
 */
import { seededRandom } from '../seeded-random';
import type { LabeledImage, RawImage } from './labeled-image';
import { PoseDrift, renderFrame, type Random } from './video-jitter';

export interface SequenceOptions {
  seed: number;
  framesPerSecond: number;
  segmentsPerSequence: number;
  minHoldSeconds: number;
  maxHoldSeconds: number;
}

export const DEFAULT_SEQUENCE_OPTIONS: SequenceOptions = {
  seed: 1,
  // The extension's default sampling rate (DEFAULT_SETTINGS.samplesPerSecond).
  framesPerSecond: 1,
  segmentsPerSequence: 8,
  minHoldSeconds: 2,
  maxHoldSeconds: 8,
};

const FRAME_SPACING_JITTER = 0.05;

export interface SequenceFrame {
  image: RawImage;
  /** True class of the face shown, as a taxonomy index. */
  label: number;
  sequence: number;
  /** Milliseconds since the sequence's first frame. */
  timeMs: number;
  /** Milliseconds since the face shown replaced another; null in a sequence's first segment. */
  sinceSwitchMs: number | null;
  /** The still image this frame was made from. */
  source: string;
}

export interface FrameSequences {
  frames: SequenceFrame[];
  sequenceCount: number;
  /** Segment boundaries inside sequences: one face replaced by another. */
  switchCount: number;
  /** Of those, the ones where the true class changes too. */
  classChangeCount: number;
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function checkOptions(options: SequenceOptions): void {
  if (!(options.framesPerSecond > 0)) throw new Error(`frames per second must be positive, got ${options.framesPerSecond}`);
  if (!(options.segmentsPerSequence >= 1)) throw new Error(`a sequence needs at least one segment, got ${options.segmentsPerSequence}`);
  if (!(options.minHoldSeconds > 0 && options.maxHoldSeconds >= options.minHoldSeconds)) {
    throw new Error(`hold must be 0 < min ≤ max seconds, got ${options.minHoldSeconds}..${options.maxHoldSeconds}`);
  }
}

export function buildFrameSequences(images: readonly LabeledImage[], options: SequenceOptions = DEFAULT_SEQUENCE_OPTIONS): FrameSequences {
  checkOptions(options);
  const random = seededRandom(options.seed);
  const order = shuffled(images, random);
  const frameSpacingMs = 1000 / options.framesPerSecond;
  const frames: SequenceFrame[] = [];
  let switchCount = 0;
  let classChangeCount = 0;
  let sequence = -1;
  let timeMs = 0;
  let previousLabel: number | null = null;

  order.forEach((item, index) => {
    const segmentInSequence = index % options.segmentsPerSequence;
    if (segmentInSequence === 0) {
      sequence++;
      timeMs = 0;
      previousLabel = null;
    } else {
      switchCount++;
      if (item.label !== previousLabel) classChangeCount++;
    }
    const holdSeconds = options.minHoldSeconds + random() * (options.maxHoldSeconds - options.minHoldSeconds);
    const frameCount = Math.max(1, Math.round(holdSeconds * options.framesPerSecond));
    const drift = new PoseDrift(random, Math.min(item.image.width, item.image.height));
    const segmentStartMs = timeMs;
    let elapsedSeconds = 0;
    for (let f = 0; f < frameCount; f++) {
      frames.push({
        image: renderFrame(item.image, drift.next(elapsedSeconds), random),
        label: item.label,
        sequence,
        timeMs,
        sinceSwitchMs: segmentInSequence === 0 ? null : timeMs - segmentStartMs,
        source: item.source,
      });
      const spacingMs = frameSpacingMs * (1 + FRAME_SPACING_JITTER * (2 * random() - 1));
      timeMs += spacingMs;
      elapsedSeconds = spacingMs / 1000;
    }
    previousLabel = item.label;
  });
  return { frames, sequenceCount: sequence + 1, switchCount, classChangeCount };
}
