/**
 * Turns a still face into video-like frames: the head drifts a little (shift, in-plane rotation,
 * scale), the light changes (gain and offset) and the sensor adds noise. The drift is a
 * mean-reverting random walk in time, so consecutive frames look alike the way video frames do,
 * while frames seconds apart differ more. All randomness comes from the caller's seeded PRNG.
 */
import type { RawImage } from './labeled-image';

export type Random = () => number;

/** How far a frame may stray from the still image (at a drift of ±1). */
export const JITTER_LIMITS = {
  /** Of the image side, each way. */
  shiftFraction: 0.05,
  rotationDegrees: 6,
  /** Scale 1 ± this. */
  scale: 0.06,
  /** Brightness gain 1 ± this. */
  gain: 0.2,
  /** Brightness offset ± this, in 0..255 units. */
  offset: 15,
  /** Standard deviation of the per-pixel sensor noise, 0..255 units. */
  noiseSigma: 3,
} as const;

/** Stationary spread of each drift component, as a fraction of its limit. */
const DRIFT_SPREAD = 0.4;
/** Correlation of a drift component with itself one second later. */
const DRIFT_CORRELATION_PER_SECOND = 0.6;

export interface FramePose {
  shiftX: number;
  shiftY: number;
  rotationDegrees: number;
  scale: number;
  gain: number;
  offset: number;
}

/** A standard normal number (Box–Muller). */
export function gaussian(random: Random): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const clampUnit = (value: number): number => Math.min(1, Math.max(-1, value));

/** The head's and the light's drift over one held face; `next` advances it by the time between frames. */
export class PoseDrift {
  private readonly state: number[];

  constructor(private readonly random: Random, private readonly imageSide: number) {
    this.state = Array.from({ length: 6 }, () => clampUnit(DRIFT_SPREAD * gaussian(random)));
  }

  next(elapsedSeconds: number): FramePose {
    // AR(1) with the same stationary spread at any frame spacing.
    const keep = DRIFT_CORRELATION_PER_SECOND ** elapsedSeconds;
    const step = DRIFT_SPREAD * Math.sqrt(1 - keep * keep);
    for (let i = 0; i < this.state.length; i++) this.state[i] = clampUnit(keep * (this.state[i] as number) + step * gaussian(this.random));
    const [x, y, rotation, scale, gain, offset] = this.state as [number, number, number, number, number, number];
    const maxShift = JITTER_LIMITS.shiftFraction * this.imageSide;
    return {
      shiftX: x * maxShift,
      shiftY: y * maxShift,
      rotationDegrees: rotation * JITTER_LIMITS.rotationDegrees,
      scale: 1 + scale * JITTER_LIMITS.scale,
      gain: 1 + gain * JITTER_LIMITS.gain,
      offset: offset * JITTER_LIMITS.offset,
    };
  }
}

function bilinear(image: RawImage, x: number, y: number, channel: number): number {
  const { width, height, channels, data } = image;
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const at = (px: number, py: number) => data[(py * width + px) * channels + channel] as number;
  const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
  const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * One frame of `image` seen with `pose`: rotated and scaled about the centre, shifted, lit and
 * noised. Pixels from outside the image repeat its border, as a face crop taken from a larger
 * frame would show more of the same surroundings rather than black.
 */
export function renderFrame(image: RawImage, pose: FramePose, random: Random, noiseSigma: number = JITTER_LIMITS.noiseSigma): RawImage {
  const { width, height, channels } = image;
  const data = new Uint8Array(width * height * channels);
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const angle = (pose.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(angle) / pose.scale;
  const sin = Math.sin(angle) / pose.scale;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Inverse map: the source point that lands on (x, y).
      const dx = x - centreX - pose.shiftX;
      const dy = y - centreY - pose.shiftY;
      const sourceX = centreX + cos * dx + sin * dy;
      const sourceY = centreY - sin * dx + cos * dy;
      for (let c = 0; c < channels; c++) {
        const value = pose.gain * bilinear(image, sourceX, sourceY, c) + pose.offset + noiseSigma * gaussian(random);
        data[(y * width + x) * channels + c] = Math.min(255, Math.max(0, Math.round(value)));
      }
    }
  }
  return { width, height, channels, data };
}
