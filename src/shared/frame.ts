import { isIntegerInRange, isFiniteNumber, isRecord } from './validate';
import { i420Size, packedI420, yuvToRgba, type YuvColour } from './yuv';

/**
 * A downscaled camera frame on its way to the engine: tightly packed RGBA bytes, or packed I420
 * (src/shared/yuv.ts) when the hook read the camera's own planes, less than half the bytes.
 * Frames live only in memory, in transit; they are never stored or sent off the machine.
 */
export type RawFrame = RgbaFrame | I420Frame;

interface FrameBase {
  width: number;
  height: number;
  data: ArrayBuffer;
  /** Epoch ms when the frame was captured. */
  time: number;
}

export interface RgbaFrame extends FrameBase {
  /** data: RGBA, width × height × 4 bytes. */
  format?: 'rgba';
}

export interface I420Frame extends FrameBase {
  /** data: the luma plane, then Cb and Cr at half width and height (i420Size bytes). */
  format: 'i420';
  colour: YuvColour;
}

/**
 * The frame's pixels as RGBA: a view of an RGBA frame's own bytes; for I420, the turned pixels in
 * `into` when given (at least rgbaBytes(frame)), else in a new buffer.
 */
export function rgbaOf(frame: RawFrame, into?: ArrayBuffer): Uint8ClampedArray<ArrayBuffer> {
  if (frame.format !== 'i420') return new Uint8ClampedArray(frame.data);
  return yuvToRgba(packedI420(new Uint8Array(frame.data), frame.width, frame.height, frame.colour), frame.width, frame.height, into);
}

/** Bytes of the frame as RGBA. */
export function rgbaBytes(frame: RawFrame): number {
  return frame.width * frame.height * 4;
}

function isYuvColour(value: unknown): value is YuvColour {
  return isRecord(value) && (value.matrix === 'bt709' || value.matrix === 'bt601') && typeof value.fullRange === 'boolean';
}

export const FRAME_LIMITS = { minSide: 16, maxSide: 1280 } as const;

export function isRawFrame(value: unknown): value is RawFrame {
  if (!isRecord(value)) return false;
  const { width, height, data, time, format } = value;
  if (!isIntegerInRange(width, FRAME_LIMITS.minSide, FRAME_LIMITS.maxSide)) return false;
  if (!isIntegerInRange(height, FRAME_LIMITS.minSide, FRAME_LIMITS.maxSide)) return false;
  if (!isFiniteNumber(time) || !isArrayBuffer(data)) return false;
  if (format === 'i420') return isYuvColour(value.colour) && data.byteLength === i420Size(width, height);
  return (format === undefined || format === 'rgba') && data.byteLength === width * height * 4;
}

/**
 * Also true for an ArrayBuffer of another realm: in Firefox a content script sees the page's
 * objects (the hook's frames) through Xray wrappers, for which `instanceof ArrayBuffer` is false.
 */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
