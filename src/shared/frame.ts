import { isIntegerInRange, isFiniteNumber, isRecord } from './validate';

/**
 * A downscaled camera frame on its way to the engine: tightly packed RGBA bytes.
 * Frames live only in memory, in transit; they are never stored or sent off the machine.
 */
export interface RawFrame {
  width: number;
  height: number;
  /** RGBA, width × height × 4 bytes. */
  data: ArrayBuffer;
  /** Epoch ms when the frame was captured. */
  time: number;
}

export const FRAME_LIMITS = { minSide: 16, maxSide: 1280 } as const;

export function isRawFrame(value: unknown): value is RawFrame {
  if (!isRecord(value)) return false;
  const { width, height, data, time } = value;
  if (!isIntegerInRange(width, FRAME_LIMITS.minSide, FRAME_LIMITS.maxSide)) return false;
  if (!isIntegerInRange(height, FRAME_LIMITS.minSide, FRAME_LIMITS.maxSide)) return false;
  if (!isFiniteNumber(time)) return false;
  return data instanceof ArrayBuffer && data.byteLength === width * height * 4;
}
