/**
 * Quality gates: a face that cannot be read reliably is recorded as "unknown" with its reason,
 * never forced into an expression. All thresholds live here.
 */
import type { UnknownReason } from '../shared/types';
import { squareCrop, type PixelBox } from './crop';

export interface QualityThresholds {
  minBrightness: number;
  maxBrightness: number;
  minSharpness: number;
  minFaceSide: number;
  maxOutsideFraction: number;
}

export const QUALITY_THRESHOLDS: Readonly<QualityThresholds> = {
  /** Mean face luma (0..255) below this is too dark to read. */
  minBrightness: 40,
  /**
   * Mean face luma above this is washed out. Was 225: faces brightened to 210–225 kept the
   * original's expression in only 39 % of cases (docs/engagement.md, quality gates review).
   */
  maxBrightness: 210,
  /**
   * Variance of the Laplacian of the face at 64×64 below this is too blurred. Was 12: it let
   * through faces blurred so far that the expression matched the original's in 41 % of cases;
   * real webcam faces measure ≥ 79 (docs/engagement.md, quality gates review).
   */
  minSharpness: 40,
  /** Face box side (px in the sampled frame) below this is too small to read. */
  minFaceSide: 24,
  /** Fraction of the face box allowed outside the frame before it counts as cut. */
  maxOutsideFraction: 0.2,
};

export const GATE_SIZE = 64;

/** Gray 0..255 of the face at size × size (nearest sampling: enough for the gates). */
export function faceGray(rgba: Uint8ClampedArray | Uint8Array, frameWidth: number, crop: PixelBox, size = GATE_SIZE): Float32Array {
  const gray = new Float32Array(size * size);
  for (let row = 0; row < size; row++) {
    const y = crop.y + Math.floor(((row + 0.5) * crop.height) / size);
    for (let col = 0; col < size; col++) {
      const x = crop.x + Math.floor(((col + 0.5) * crop.width) / size);
      const i = (y * frameWidth + x) * 4;
      gray[row * size + col] =
        0.299 * (rgba[i] as number) + 0.587 * (rgba[i + 1] as number) + 0.114 * (rgba[i + 2] as number);
    }
  }
  return gray;
}

export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return values.length === 0 ? 0 : sum / values.length;
}

/** Variance of the 4-neighbour Laplacian: low for blurred images. */
export function laplacianVariance(gray: Float32Array, size = GATE_SIZE): number {
  const responses: number[] = [];
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const c = y * size + x;
      responses.push(
        (gray[c - size] as number) + (gray[c + size] as number) + (gray[c - 1] as number) + (gray[c + 1] as number) - 4 * (gray[c] as number),
      );
    }
  }
  const mean = meanOf(responses);
  let sum = 0;
  for (const r of responses) sum += (r - mean) ** 2;
  return responses.length === 0 ? 0 : sum / responses.length;
}

/** Fraction of the box's area that lies outside the frame. */
export function outsideFraction(box: PixelBox, frameWidth: number, frameHeight: number): number {
  const insideWidth = Math.max(0, Math.min(box.x + box.width, frameWidth) - Math.max(box.x, 0));
  const insideHeight = Math.max(0, Math.min(box.y + box.height, frameHeight) - Math.max(box.y, 0));
  const area = box.width * box.height;
  return area <= 0 ? 1 : 1 - (insideWidth * insideHeight) / area;
}

export interface GateInput {
  faceBox: PixelBox;
  frameWidth: number;
  frameHeight: number;
  /** The face in gray, graySize × graySize (GATE_SIZE when omitted). */
  gray: Float32Array;
  graySize?: number;
}

/** The first gate a face fails, or null when it can be classified. */
export function failedGate(input: GateInput, t: Readonly<QualityThresholds> = QUALITY_THRESHOLDS): UnknownReason | null {
  if (Math.min(input.faceBox.width, input.faceBox.height) < t.minFaceSide) return 'face-too-small';
  if (outsideFraction(input.faceBox, input.frameWidth, input.frameHeight) > t.maxOutsideFraction) return 'face-cut';
  const brightness = meanOf(input.gray);
  if (brightness < t.minBrightness) return 'too-dark';
  if (brightness > t.maxBrightness) return 'overexposed';
  if (laplacianVariance(input.gray, input.graySize) < t.minSharpness) return 'too-blurred';
  return null;
}

export interface FaceAssessment {
  reason: UnknownReason | null;
  brightness: number;
  sharpness: number;
}

/**
 * The gates as the engine runs them, on the detector's box squared (no margin). The face is read
 * at its own resolution, at most GATE_SIZE: stretching a small face by copying pixels would add
 * hard edges of its own and let a blurred face pass the sharpness gate.
 */
export function assessFace(
  rgba: Uint8ClampedArray | Uint8Array,
  frameWidth: number,
  frameHeight: number,
  faceBox: PixelBox,
  t: Readonly<QualityThresholds> = QUALITY_THRESHOLDS,
): FaceAssessment {
  const crop = squareCrop(faceBox, frameWidth, frameHeight, 0);
  const graySize = Math.max(3, Math.min(GATE_SIZE, crop.width));
  const gray = faceGray(rgba, frameWidth, crop, graySize);
  return {
    reason: failedGate({ faceBox, frameWidth, frameHeight, gray, graySize }, t),
    brightness: meanOf(gray),
    sharpness: laplacianVariance(gray, graySize),
  };
}

/** Mean luma of a whole frame, sampled on a coarse grid (for the "too dark to find a face" message). */
export function frameBrightness(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y += 8) {
    for (let x = 0; x < width; x += 8) {
      const i = (y * width + x) * 4;
      sum += 0.299 * (rgba[i] as number) + 0.587 * (rgba[i + 1] as number) + 0.114 * (rgba[i + 2] as number);
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}
