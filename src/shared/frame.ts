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
  return isArrayBuffer(data) && data.byteLength === width * height * 4;
}

/**
 * Also true for an ArrayBuffer of another realm: in Firefox a content script sees the page's
 * objects (the hook's frames) through Xray wrappers, for which `instanceof ArrayBuffer` is false.
 */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
