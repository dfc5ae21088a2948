/**
 * Face-crop geometry and pixel cutting, on the CPU: only the small face square is ever turned
 * into a tensor, never the whole frame.
 */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A square around the detector's box, grown by `margin` × side on each side (FER-2013 faces are
 * framed loosely: forehead to chin with some background), moved inside the frame when it sticks
 * out, and shrunk only when it is larger than the frame itself.
 */
export function squareCrop(box: PixelBox, frameWidth: number, frameHeight: number, margin: number): PixelBox {
  const centerX = box.x + box.width / 2;
  const centerY = box.y + box.height / 2;
  const side = Math.min(Math.round(Math.max(box.width, box.height) * (1 + 2 * margin)), frameWidth, frameHeight);
  const x = Math.round(Math.min(Math.max(centerX - side / 2, 0), frameWidth - side));
  const y = Math.round(Math.min(Math.max(centerY - side / 2, 0), frameHeight - side));
  return { x, y, width: side, height: side };
}

/** Bytes of cutRgb's floats for `crop`. */
export function rgbBytes(crop: PixelBox): number {
  return crop.width * crop.height * 3 * Float32Array.BYTES_PER_ELEMENT;
}

/**
 * Copies the crop out of packed RGBA bytes into RGB floats in 0..1 (row-major, [h, w, 3]), in `into`
 * when given (at least rgbBytes(crop); see BufferLender), else in a new buffer.
 */
export function cutRgb(rgba: Uint8ClampedArray | Uint8Array, frameWidth: number, crop: PixelBox, into?: ArrayBuffer): Float32Array {
  const length = crop.width * crop.height * 3;
  const out = into ? new Float32Array(into, 0, length) : new Float32Array(length);
  let o = 0;
  for (let row = 0; row < crop.height; row++) {
    let i = ((crop.y + row) * frameWidth + crop.x) * 4;
    for (let col = 0; col < crop.width; col++, i += 4) {
      out[o++] = (rgba[i] as number) / 255;
      out[o++] = (rgba[i + 1] as number) / 255;
      out[o++] = (rgba[i + 2] as number) / 255;
    }
  }
  return out;
}

/** The largest box by area (a second face in view never wins over the student's own). */
export function largest<T extends { width: number; height: number }>(boxes: readonly T[]): T | null {
  let best: T | null = null;
  for (const box of boxes) if (!best || box.width * box.height > best.width * best.height) best = box;
  return best;
}
