import { describe, expect, it } from 'vitest';
import { i420Size, packedI420, scaleToI420, yuvToRgba, type YuvPicture } from '../../src/shared/yuv';

/** Limited-range BT.601 Y'CbCr of a few colours (ITU-R BT.601 studio levels). */
const RED = { y: 81, cb: 90, cr: 240 };
const GREEN = { y: 145, cb: 54, cr: 34 };
const BLUE = { y: 41, cb: 240, cr: 110 };
const WHITE = { y: 235, cb: 128, cr: 128 };

type Colour = typeof RED;

/** A picture made of 2×2 blocks (one chroma sample each), `blocks[row][column]`, as I420 or NV12 with padded strides. */
function picture(blocks: Colour[][], format: 'I420' | 'NV12'): YuvPicture {
  const height = blocks.length * 2;
  const width = blocks[0]!.length * 2;
  const lumaStride = width + 3;
  const chromaStride = format === 'NV12' ? width + 2 : width / 2 + 1;
  const lumaSize = lumaStride * height;
  const chromaSize = chromaStride * (height / 2);
  const data = new Uint8Array(lumaSize + chromaSize * (format === 'NV12' ? 1 : 2));
  const layout = format === 'NV12' ? [{ offset: 0, stride: lumaStride }, { offset: lumaSize, stride: chromaStride }] : [{ offset: 0, stride: lumaStride }, { offset: lumaSize, stride: chromaStride }, { offset: lumaSize + chromaSize, stride: chromaStride }];
  blocks.forEach((row, by) =>
    row.forEach((colour, bx) => {
      for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) data[(2 * by + dy) * lumaStride + 2 * bx + dx] = colour.y;
      if (format === 'NV12') {
        data[lumaSize + by * chromaStride + 2 * bx] = colour.cb;
        data[lumaSize + by * chromaStride + 2 * bx + 1] = colour.cr;
      } else {
        data[lumaSize + by * chromaStride + bx] = colour.cb;
        data[lumaSize + chromaSize + by * chromaStride + bx] = colour.cr;
      }
    }),
  );
  return { format, data, layout, width, height, matrix: 'smpte170m', fullRange: false };
}

function pixels(rgba: Uint8ClampedArray): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rgba.length; i += 4) out.push([rgba[i]!, rgba[i + 1]!, rgba[i + 2]!, rgba[i + 3]!]);
  return out;
}

function expectClose(actual: number[], expected: number[], tolerance = 3): void {
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `channel ${i}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance));
}

describe('yuvToRgba', () => {
  for (const format of ['I420', 'NV12'] as const) {
    it(`turns ${format} studio-range BT.601 colours into RGB, halving the size`, () => {
      const rgba = pixels(yuvToRgba(picture([[RED, GREEN], [BLUE, WHITE]], format), 2, 2));
      expectClose(rgba[0]!, [255, 0, 0, 255]);
      expectClose(rgba[1]!, [0, 255, 0, 255]);
      expectClose(rgba[2]!, [0, 0, 255, 255]);
      expectClose(rgba[3]!, [255, 255, 255, 255]);
    });
  }

  it('keeps the size when asked to, reading each chroma sample for its 2×2 block', () => {
    const rgba = pixels(yuvToRgba(picture([[RED, BLUE]], 'I420'), 4, 2));
    for (const i of [0, 1, 4, 5]) expectClose(rgba[i]!, [255, 0, 0, 255]);
    for (const i of [2, 3, 6, 7]) expectClose(rgba[i]!, [0, 0, 255, 255]);
  });

  it('averages the luma over each output pixel’s box', () => {
    const source = picture([[WHITE, { y: 16, cb: 128, cr: 128 }]], 'I420');
    const [grey] = pixels(yuvToRgba(source, 1, 1));
    expectClose(grey!, [128, 128, 128, 255], 2);
  });

  it('reads full-range BT.709 with its own coefficients', () => {
    const source = { ...picture([[{ y: 128, cb: 128, cr: 178 }]], 'I420'), matrix: 'bt709', fullRange: true };
    const [pixel] = pixels(yuvToRgba(source, 1, 1));
    expectClose(pixel!, [128 + 1.5748 * 50, 128 - 0.468124 * 50, 128, 255], 1);
  });

  it('only scales down', () => {
    expect(() => yuvToRgba(picture([[RED]], 'I420'), 4, 4)).toThrow(RangeError);
  });

  it('writes into a lent buffer larger than needed: the same pixels, and a view of exactly the picture', () => {
    const source = picture([[RED, GREEN], [BLUE, WHITE]], 'NV12');
    const lent = new ArrayBuffer(64);
    new Uint8Array(lent).fill(7);
    const rgba = yuvToRgba(source, 2, 2, lent);
    expect(rgba.buffer).toBe(lent);
    expect(rgba.length).toBe(2 * 2 * 4);
    expect(pixels(rgba)).toEqual(pixels(yuvToRgba(source, 2, 2)));
  });
});

describe('scaleToI420', () => {
  it('packs a smaller I420 picture that reads as the direct conversion does (colour at half its resolution)', () => {
    const source = picture(
      [
        [RED, RED, GREEN, GREEN],
        [RED, RED, GREEN, GREEN],
        [BLUE, BLUE, WHITE, WHITE],
        [BLUE, BLUE, WHITE, WHITE],
      ],
      'NV12',
    );
    const packed = scaleToI420(source, 4, 4);
    expect(packed.byteLength).toBe(i420Size(4, 4));
    const viaPacked = yuvToRgba(packedI420(packed, 4, 4, { matrix: 'bt601', fullRange: false }), 4, 4);
    const direct = yuvToRgba(source, 4, 4);
    for (let i = 0; i < direct.length; i++) expect(Math.abs(viaPacked[i]! - direct[i]!)).toBeLessThanOrEqual(1);
  });

  it('sizes odd pictures with rounded-up chroma planes', () => {
    const packed = scaleToI420(picture([[RED, GREEN], [BLUE, WHITE]], 'I420'), 3, 3);
    expect(packed.byteLength).toBe(3 * 3 + 2 * 2 * 2);
    const rgba = pixels(yuvToRgba(packedI420(packed, 3, 3, { matrix: 'bt601', fullRange: false }), 3, 3));
    expectClose(rgba[0]!, [255, 0, 0, 255]);
  });
});

describe('scaleToI420 luma', () => {
  /** A picture of random luma (and chroma) with padded strides, as a camera's planes may be. */
  function randomPicture(width: number, height: number, format: 'I420' | 'NV12', seed: number): YuvPicture {
    let state = seed;
    const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
    const lumaStride = width + 8;
    const chromaWidth = Math.ceil(width / 2);
    const chromaHeight = Math.ceil(height / 2);
    const chromaStride = (format === 'NV12' ? 2 * chromaWidth : chromaWidth) + 4;
    const lumaBytes = lumaStride * height;
    const data = Uint8Array.from({ length: lumaBytes + 2 * chromaStride * chromaHeight }, next);
    const layout = format === 'NV12'
      ? [{ offset: 0, stride: lumaStride }, { offset: lumaBytes, stride: chromaStride }]
      : [{ offset: 0, stride: lumaStride }, { offset: lumaBytes, stride: chromaStride }, { offset: lumaBytes + chromaStride * chromaHeight, stride: chromaStride }];
    return { format, data, layout, width, height, matrix: 'bt601', fullRange: false };
  }

  /** Each output pixel's mean over its box (edges at ⌊i × source / target⌋), rounded half up. */
  function boxMeans(source: YuvPicture, width: number, height: number): number[] {
    const edge = (i: number, from: number, to: number) => Math.floor((i * from) / to);
    const { offset, stride } = source.layout[0]!;
    const means: number[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        let count = 0;
        for (let row = edge(y, source.height, height); row < edge(y + 1, source.height, height); row++) {
          for (let column = edge(x, source.width, width); column < edge(x + 1, source.width, width); column++) {
            sum += source.data[offset + row * stride + column]!;
            count++;
          }
        }
        means.push(Math.round(sum / count));
      }
    }
    return means;
  }

  it('averages whole-number reductions (2×, 3×, 4×: the integer path) and others alike, over each box', () => {
    const cases = [
      [640, 480, 320, 240, 'I420'],
      [640, 480, 320, 240, 'NV12'],
      [96, 72, 32, 24, 'I420'],
      [128, 96, 32, 24, 'NV12'],
      [40, 30, 40, 30, 'I420'],
      [100, 75, 32, 24, 'I420'],
    ] as const;
    for (const [sourceWidth, sourceHeight, width, height, format] of cases) {
      const source = randomPicture(sourceWidth, sourceHeight, format, sourceWidth + width);
      const packed = scaleToI420(source, width, height);
      expect([...packed.subarray(0, width * height)], `${sourceWidth}×${sourceHeight} → ${width}×${height} ${format}`).toEqual(boxMeans(source, width, height));
    }
  });
});
