/**
 * How wide a class tab's frames are, adapted to the student's face. A frame's bytes cost CPU all
 * the way from the class page to the engine, so a narrower frame is cheaper: 256 px instead of
 * 320 px saves ≈ 2 ms of CPU a sample (docs/performance.md, fifteenth pass). With the face large in
 * the picture it gives the same answers; a small, distant face needs every pixel (the same pass
 * measured both). So a tab narrows its frames only while the face fills enough of the picture, and
 * returns to the configured width when the face shrinks or has been gone for a while.
 */
import type { FaceBox } from '../shared/types';

/** The narrow frame's width as a share of the configured one (320 → 256 px). */
export const NARROW_SHARE = 0.8;
/**
 * A face at least this wide (BlazeFace's box, a share of the frame's width) lets the tab narrow its
 * frames. Measured: faces around 0.25 and 0.34 of the width get the same answers at 256 px as at
 * 320 px; faces around 0.16 lose some (scripts/measure-frame-width.ts).
 */
export const NARROW_FROM_FACE_WIDTH = 0.24;
/** Under this the tab returns to the configured width; the gap keeps a face near the line from switching each sample. */
export const WIDE_BELOW_FACE_WIDTH = 0.2;
/** With no face for this long, frames return to the configured width, so a face coming back far away is still found. */
export const WIDE_AFTER_NO_FACE_MS = 3000;

export function narrowWidth(configured: number): number {
  return Math.round(configured * NARROW_SHARE);
}

export interface FrameWidthInput {
  /** Settings.frameWidth. */
  configured: number;
  /** The width the tab sends now. */
  current: number;
  /** The latest analysis's face box (relative to the frame), or null when it found no face. */
  face: FaceBox | null;
  /** Milliseconds since the tab's last face (0 when this analysis found one). */
  sinceLastFaceMs: number;
}

export function nextFrameWidth({ configured, current, face, sinceLastFaceMs }: FrameWidthInput): number {
  const narrow = narrowWidth(configured);
  if (current !== narrow && current !== configured) return configured; // the setting changed under it
  if (!face) return sinceLastFaceMs >= WIDE_AFTER_NO_FACE_MS ? configured : current;
  if (face.width >= NARROW_FROM_FACE_WIDTH) return narrow;
  if (face.width < WIDE_BELOW_FACE_WIDTH) return configured;
  return current;
}
