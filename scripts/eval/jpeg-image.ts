import jpeg from 'jpeg-js';
import type { RawImage } from './labeled-image';

/** Decodes a JPEG; a picture whose three channels are identical everywhere comes back as one gray channel. */
export function decodeJpeg(bytes: Uint8Array): RawImage {
  const { width, height, data: rgb } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  const pixelCount = width * height;
  let isGray = true;
  for (let p = 0; p < pixelCount && isGray; p++) {
    isGray = rgb[3 * p] === rgb[3 * p + 1] && rgb[3 * p] === rgb[3 * p + 2];
  }
  if (!isGray) return { width, height, channels: 3, data: rgb };
  const gray = new Uint8Array(pixelCount);
  for (let p = 0; p < pixelCount; p++) gray[p] = rgb[3 * p] as number;
  return { width, height, channels: 1, data: gray };
}
