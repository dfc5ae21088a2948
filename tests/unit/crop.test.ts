import { describe, expect, it } from 'vitest';
import { cutRgb, largest, rgbBytes, squareCrop, type PixelBox } from '../../src/offscreen/crop';
import { seededRandom } from '../../scripts/seeded-random';

describe('squareCrop', () => {
  it('grows a square box by margin × side on each side, around the same centre', () => {
    // centre (120, 120); side 40 × (1 + 2 × 0.1) = 48; corner 120 − 24 = 96.
    expect(squareCrop({ x: 100, y: 100, width: 40, height: 40 }, 320, 240, 0.1)).toEqual({
      x: 96,
      y: 96,
      width: 48,
      height: 48,
    });
  });

  it('returns the box itself for a square box and margin 0', () => {
    expect(squareCrop({ x: 10, y: 20, width: 30, height: 30 }, 320, 240, 0)).toEqual({ x: 10, y: 20, width: 30, height: 30 });
  });

  it('makes a square from a non-square box using the longer side', () => {
    // Tall box: centre (65, 85), side 50 → x 40, y 60.
    expect(squareCrop({ x: 50, y: 60, width: 30, height: 50 }, 320, 240, 0)).toEqual({ x: 40, y: 60, width: 50, height: 50 });
    // Wide box: centre (100, 110), side 60 × 1.2 = 72 → x 64, y 74.
    expect(squareCrop({ x: 70, y: 100, width: 60, height: 20 }, 320, 240, 0.1)).toEqual({ x: 64, y: 74, width: 72, height: 72 });
  });

  it('shifts the square inside the frame at the left and top edges', () => {
    // side 40 × 1.5 = 60; centre (20, 120): x would be −10 → 0; y = 90.
    expect(squareCrop({ x: 0, y: 100, width: 40, height: 40 }, 320, 240, 0.25)).toEqual({ x: 0, y: 90, width: 60, height: 60 });
    // centre (120, 10): y would be −20 → 0.
    expect(squareCrop({ x: 100, y: -10, width: 40, height: 40 }, 320, 240, 0)).toEqual({ x: 100, y: 0, width: 40, height: 40 });
  });

  it('shifts the square inside the frame at the right and bottom edges', () => {
    // side 30 × 2 = 60; centre (305, 25): x would be 275 → 320 − 60 = 260; y would be −5 → 0.
    expect(squareCrop({ x: 290, y: 10, width: 30, height: 30 }, 320, 240, 0.5)).toEqual({ x: 260, y: 0, width: 60, height: 60 });
    // side 40; centre (110, 230): y would be 210 → 240 − 40 = 200.
    expect(squareCrop({ x: 100, y: 220, width: 20, height: 20 }, 320, 240, 0.5)).toEqual({ x: 90, y: 200, width: 40, height: 40 });
    // A box that itself hangs off the bottom-right corner.
    expect(squareCrop({ x: 300, y: 230, width: 40, height: 40 }, 320, 240, 0)).toEqual({ x: 280, y: 200, width: 40, height: 40 });
  });

  it('shrinks the square to the frame when it would be larger than the frame', () => {
    // 300 × 1.2 = 360 > min(320, 240) → side 240; centre (130, 130): x = 10, y clamped to 0.
    expect(squareCrop({ x: -20, y: -10, width: 300, height: 280 }, 320, 240, 0.1)).toEqual({ x: 10, y: 0, width: 240, height: 240 });
    // A box the size of the frame: the whole short side, centred horizontally.
    expect(squareCrop({ x: 0, y: 0, width: 320, height: 240 }, 320, 240, 0.2)).toEqual({ x: 40, y: 0, width: 240, height: 240 });
    // Portrait frame: the width is the limit; centre (50, 150) → y 105.
    expect(squareCrop({ x: 0, y: 100, width: 100, height: 100 }, 90, 300, 0.1)).toEqual({ x: 0, y: 105, width: 90, height: 90 });
  });

  it('returns whole pixels for a fractional box', () => {
    // side round(33.3 × 1.2 = 39.96) = 40; centre (26.95, 37.35) → x round(6.95) = 7, y round(17.35) = 17.
    expect(squareCrop({ x: 10.3, y: 20.7, width: 33.3, height: 33.3 }, 320, 240, 0.1)).toEqual({ x: 7, y: 17, width: 40, height: 40 });
  });

  it('is always a whole-pixel square inside the frame (many random boxes)', () => {
    const random = seededRandom(0x5eed); // deterministic, so a failure is reproducible
    for (let i = 0; i < 2000; i++) {
      const frameWidth = 16 + Math.floor(random() * 1265);
      const frameHeight = 16 + Math.floor(random() * 1265);
      const box: PixelBox = {
        x: random() * frameWidth * 1.4 - frameWidth * 0.2,
        y: random() * frameHeight * 1.4 - frameHeight * 0.2,
        width: 1 + random() * frameWidth * 1.2,
        height: 1 + random() * frameHeight * 1.2,
      };
      const margin = random() * 0.6;
      const crop = squareCrop(box, frameWidth, frameHeight, margin);
      const context = JSON.stringify({ box, frameWidth, frameHeight, margin, crop });
      expect(crop.width, context).toBe(crop.height);
      expect(Number.isInteger(crop.x) && Number.isInteger(crop.y) && Number.isInteger(crop.width), context).toBe(true);
      expect(crop.width, context).toBeGreaterThanOrEqual(1);
      expect(crop.x, context).toBeGreaterThanOrEqual(0);
      expect(crop.y, context).toBeGreaterThanOrEqual(0);
      expect(crop.x + crop.width, context).toBeLessThanOrEqual(frameWidth);
      expect(crop.y + crop.height, context).toBeLessThanOrEqual(frameHeight);
      // Never smaller than the grown box unless the frame forces it.
      const wanted = Math.round(Math.max(box.width, box.height) * (1 + 2 * margin));
      expect(crop.width, context).toBe(Math.min(wanted, frameWidth, frameHeight));
    }
  });
});

describe('cutRgb', () => {
  // 3 × 2 frame; pixel (x, y) has R = 10·(y·3 + x) + 1, G = R + 1, B = R + 2, A = 255 (ignored).
  const frameWidth = 3;
  const rgba = new Uint8ClampedArray(3 * 2 * 4);
  for (let p = 0; p < 6; p++) {
    rgba[p * 4] = 10 * p + 1;
    rgba[p * 4 + 1] = 10 * p + 2;
    rgba[p * 4 + 2] = 10 * p + 3;
    rgba[p * 4 + 3] = 255;
  }

  it('copies the crop row by row as RGB divided by 255, dropping alpha', () => {
    // Crop x 1..2, y 0..1 → pixels 1, 2, 4, 5.
    const out = cutRgb(rgba, frameWidth, { x: 1, y: 0, width: 2, height: 2 });
    const expected = [11, 12, 13, 21, 22, 23, 41, 42, 43, 51, 52, 53].map((v) => v / 255);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(12);
    for (let i = 0; i < expected.length; i++) expect(out[i]).toBeCloseTo(expected[i] as number, 6);
  });

  it('keeps channel order R, G, B', () => {
    const one = new Uint8Array([255, 0, 128, 7]);
    const out = cutRgb(one, 1, { x: 0, y: 0, width: 1, height: 1 });
    expect(Array.from(out)).toEqual([1, 0, Math.fround(128 / 255)]);
  });

  it('writes into a lent buffer of at least rgbBytes: the same floats, a view of exactly the crop', () => {
    const crop = { x: 1, y: 0, width: 2, height: 2 };
    const lent = new ArrayBuffer(rgbBytes(crop) + 64);
    new Float32Array(lent).fill(9);
    const out = cutRgb(rgba, frameWidth, crop, lent);
    expect(out.buffer).toBe(lent);
    expect(Array.from(out)).toEqual(Array.from(cutRgb(rgba, frameWidth, crop)));
  });

  it('cuts a single pixel from the second row', () => {
    // Pixel (0, 1) is pixel index 3.
    const out = cutRgb(rgba, frameWidth, { x: 0, y: 1, width: 1, height: 1 });
    expect(Array.from(out)).toEqual([31, 32, 33].map((v) => Math.fround(v / 255)));
  });

  it('returns an empty array for an empty crop', () => {
    expect(cutRgb(rgba, frameWidth, { x: 0, y: 0, width: 0, height: 0 }).length).toBe(0);
  });
});

describe('largest', () => {
  it('returns the box with the largest area, whatever its position in the list', () => {
    const a = { id: 'a', width: 10, height: 10 };
    const b = { id: 'b', width: 30, height: 5 }; // 150 > 100
    const c = { id: 'c', width: 12, height: 12 }; // 144
    expect(largest([a, b, c])).toBe(b);
    expect(largest([c, a, b])).toBe(b);
  });

  it('keeps the first of equal areas', () => {
    const first = { id: 'first', width: 20, height: 10 };
    const second = { id: 'second', width: 10, height: 20 };
    expect(largest([first, second])).toBe(first);
    expect(largest([second, first])).toBe(second);
  });

  it('returns null for an empty list and the only box for one', () => {
    expect(largest([])).toBeNull();
    const only = { width: 0, height: 0 };
    expect(largest([only])).toBe(only);
  });
});
