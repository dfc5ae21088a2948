import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PixelBox } from '../../src/offscreen/crop';
import {
  GATE_SIZE,
  QUALITY_THRESHOLDS,
  faceGray,
  assessFace,
  failedGate,
  frameBrightness,
  laplacianVariance,
  meanOf,
  outsideFraction,
} from '../../src/offscreen/quality';
import { seededRandom } from '../../scripts/seeded-random';

const N = GATE_SIZE * GATE_SIZE;

function flat(value: number): Float32Array {
  return new Float32Array(N).fill(value);
}

function checkerboard(low: number, high: number, size = GATE_SIZE): Float32Array {
  const gray = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) gray[y * size + x] = (x + y) % 2 === 0 ? low : high;
  return gray;
}

/** Deterministic texture (mulberry32 noise) with values in [low, high). */
function noise(low: number, high: number, seed = 7): Float32Array {
  const random = seededRandom(seed);
  const gray = new Float32Array(N);
  for (let i = 0; i < N; i++) gray[i] = low + random() * (high - low);
  return gray;
}

/** 3 × 3 box filter, window clamped at the border. */
function boxFilter(gray: Float32Array, size = GATE_SIZE): Float32Array {
  const out = new Float32Array(gray.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      let count = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= size || xx < 0 || xx >= size) continue;
          sum += gray[yy * size + xx] as number;
          count++;
        }
      }
      out[y * size + x] = sum / count;
    }
  }
  return out;
}

const FRAME = { frameWidth: 320, frameHeight: 240 };
const GOOD_BOX: PixelBox = { x: 100, y: 60, width: 80, height: 90 };

describe('meanOf', () => {
  it('averages plain arrays and typed arrays', () => {
    expect(meanOf([1, 2, 3, 4])).toBe(2.5);
    expect(meanOf(new Float32Array([10, 20, 60]))).toBe(30);
    expect(meanOf([-5])).toBe(-5);
  });

  it('is 0 for an empty list (not NaN)', () => {
    expect(meanOf([])).toBe(0);
  });
});

describe('laplacianVariance', () => {
  it('is 0 for a flat image', () => {
    expect(laplacianVariance(flat(0))).toBe(0);
    expect(laplacianVariance(flat(173))).toBe(0);
  });

  it('is 0 for a linear ramp (the Laplacian of a plane is 0 everywhere)', () => {
    const ramp = new Float32Array(N);
    for (let y = 0; y < GATE_SIZE; y++) for (let x = 0; x < GATE_SIZE; x++) ramp[y * GATE_SIZE + x] = 2 * x + y;
    expect(laplacianVariance(ramp)).toBe(0);
  });

  it('matches a hand-computed value on a 4 × 4 image', () => {
    // Interior pixels (1,1)=4, (2,1)=0, (1,2)=0, (2,2)=0, border 0.
    // Responses: −16, 4, 4, 0 → mean −2 → variance (196 + 36 + 36 + 4) / 4 = 68.
    const gray = new Float32Array(16);
    gray[1 * 4 + 1] = 4;
    expect(laplacianVariance(gray, 4)).toBe(68);
  });

  it('is (4 · 255)² for a 0/255 checkerboard', () => {
    // Every interior response is ±(4·255 − 8·v) = ±1020 with mean 0.
    expect(laplacianVariance(checkerboard(0, 255))).toBe(1020 * 1020);
  });

  it('drops when a textured image is blurred', () => {
    const textured = noise(60, 200);
    const blurred = boxFilter(textured);
    const sharp = laplacianVariance(textured);
    const soft = laplacianVariance(blurred);
    expect(sharp).toBeGreaterThan(1000);
    expect(soft).toBeLessThan(sharp / 5);
    // Blurring again lowers it further.
    expect(laplacianVariance(boxFilter(blurred))).toBeLessThan(soft);
  });

  it('is 0 when the image has no interior pixels', () => {
    expect(laplacianVariance(new Float32Array(4).fill(9), 2)).toBe(0);
  });
});

describe('outsideFraction', () => {
  it('is 0 for a box inside the frame, including one touching the edges', () => {
    expect(outsideFraction({ x: 10, y: 10, width: 20, height: 20 }, 100, 100)).toBe(0);
    expect(outsideFraction({ x: 0, y: 0, width: 100, height: 100 }, 100, 100)).toBe(0);
  });

  it('is 0.5 for a box half outside on any side', () => {
    expect(outsideFraction({ x: -10, y: 30, width: 20, height: 10 }, 100, 100)).toBe(0.5);
    expect(outsideFraction({ x: 90, y: 30, width: 20, height: 10 }, 100, 100)).toBe(0.5);
    expect(outsideFraction({ x: 30, y: -5, width: 20, height: 10 }, 100, 100)).toBe(0.5);
    expect(outsideFraction({ x: 30, y: 95, width: 20, height: 10 }, 100, 100)).toBe(0.5);
  });

  it('is 0.75 for a box with only a quarter in a corner', () => {
    expect(outsideFraction({ x: -5, y: -5, width: 10, height: 10 }, 100, 100)).toBe(0.75);
  });

  it('is 1 for a box fully outside, and for an empty box', () => {
    expect(outsideFraction({ x: 200, y: 10, width: 20, height: 20 }, 100, 100)).toBe(1);
    expect(outsideFraction({ x: -50, y: -50, width: 20, height: 20 }, 100, 100)).toBe(1);
    expect(outsideFraction({ x: 10, y: 10, width: 0, height: 20 }, 100, 100)).toBe(1);
  });

  it('covers the frame larger than the box on both sides', () => {
    // 200 × 200 box centred on a 100 × 100 frame: 1 − 10000 / 40000.
    expect(outsideFraction({ x: -50, y: -50, width: 200, height: 200 }, 100, 100)).toBe(0.75);
  });
});

describe('faceGray', () => {
  // 128 × 128 frame whose gray level encodes the position: R = G = B = (3x + 5y) mod 256.
  const size = 128;
  const level = (x: number, y: number): number => (3 * x + 5 * y) % 256;
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = level(x, y);
      rgba[i + 3] = 255;
    }
  }

  it('copies a 64 × 64 crop pixel for pixel', () => {
    const gray = faceGray(rgba, size, { x: 10, y: 20, width: 64, height: 64 });
    expect(gray.length).toBe(N);
    for (const [row, col] of [[0, 0], [0, 63], [63, 0], [31, 17], [63, 63]] as const) {
      expect(gray[row * GATE_SIZE + col]).toBeCloseTo(level(10 + col, 20 + row), 3);
    }
  });

  it('samples pixel centres of a larger crop (nearest)', () => {
    // 128 → 64: output (row, col) reads frame pixel (2·col + 1, 2·row + 1).
    const gray = faceGray(rgba, size, { x: 0, y: 0, width: 128, height: 128 });
    for (const [row, col] of [[0, 0], [5, 9], [63, 63]] as const) {
      expect(gray[row * GATE_SIZE + col]).toBeCloseTo(level(2 * col + 1, 2 * row + 1), 3);
    }
  });

  it('weights channels 0.299 R + 0.587 G + 0.114 B', () => {
    const one = new Uint8Array([200, 100, 50, 255]);
    const gray = faceGray(one, 1, { x: 0, y: 0, width: 1, height: 1 });
    expect(gray[0]).toBeCloseTo(0.299 * 200 + 0.587 * 100 + 0.114 * 50, 3);
    expect(gray[N - 1]).toBeCloseTo(0.299 * 200 + 0.587 * 100 + 0.114 * 50, 3);
  });
});

describe('failedGate', () => {
  const textured = checkerboard(100, 156); // mean 128, strong texture
  const gate = (gray: Float32Array, faceBox: PixelBox = GOOD_BOX) => failedGate({ faceBox, gray, ...FRAME });

  it('passes a textured mid-gray face', () => {
    expect(gate(textured)).toBeNull();
    expect(gate(noise(60, 200))).toBeNull();
  });

  it('refuses a dark face', () => {
    expect(gate(checkerboard(0, 40))).toBe('too-dark'); // mean 20
  });

  it('refuses an overexposed face', () => {
    expect(gate(checkerboard(220, 255))).toBe('overexposed'); // mean 237.5
  });

  it('refuses a flat (blurred) face of normal brightness', () => {
    expect(gate(flat(128))).toBe('too-blurred');
  });

  it('refuses a textured face once it is blurred enough', () => {
    // Low-contrast texture: sharp enough as is, not after two box filters.
    const faint = noise(120, 136);
    expect(laplacianVariance(faint)).toBeGreaterThan(QUALITY_THRESHOLDS.minSharpness);
    expect(gate(faint)).toBeNull();
    const soft = boxFilter(boxFilter(faint));
    expect(laplacianVariance(soft)).toBeLessThan(QUALITY_THRESHOLDS.minSharpness);
    expect(gate(soft)).toBe('too-blurred');
  });

  it('refuses a small face box', () => {
    expect(gate(textured, { x: 100, y: 100, width: 23, height: 40 })).toBe('face-too-small');
    expect(gate(textured, { x: 100, y: 100, width: 40, height: 23 })).toBe('face-too-small');
    expect(gate(textured, { x: 100, y: 100, width: 24, height: 24 })).toBeNull();
  });

  it('refuses a face box half outside the frame', () => {
    expect(gate(textured, { x: 280, y: 60, width: 80, height: 80 })).toBe('face-cut');
    expect(gate(textured, { x: 100, y: -40, width: 80, height: 80 })).toBe('face-cut');
  });

  it('allows up to maxOutsideFraction of the box outside', () => {
    // 20 of 100 columns outside = 0.2, not more than the threshold.
    expect(gate(textured, { x: 240, y: 60, width: 100, height: 100 })).toBeNull();
    // 21 of 100 columns outside.
    expect(gate(textured, { x: 241, y: 60, width: 100, height: 100 })).toBe('face-cut');
  });

  it('uses the brightness thresholds as inclusive limits', () => {
    const at = (mean: number) => checkerboard(mean - 20, mean + 20);
    expect(gate(at(QUALITY_THRESHOLDS.minBrightness))).toBeNull();
    expect(gate(at(QUALITY_THRESHOLDS.minBrightness - 0.5))).toBe('too-dark');
    expect(gate(checkerboard(QUALITY_THRESHOLDS.maxBrightness - 20, QUALITY_THRESHOLDS.maxBrightness + 20))).toBeNull();
    expect(gate(checkerboard(QUALITY_THRESHOLDS.maxBrightness - 19.5, QUALITY_THRESHOLDS.maxBrightness + 20.5))).toBe(
      'overexposed',
    );
  });

  it('reports the first failed gate: size, then cut, then brightness, then sharpness', () => {
    const darkFlat = flat(5);
    const tinyAndOutside = { x: -20, y: 10, width: 20, height: 20 };
    expect(gate(darkFlat, tinyAndOutside)).toBe('face-too-small');
    expect(gate(darkFlat, { x: 280, y: 60, width: 80, height: 80 })).toBe('face-cut');
    expect(gate(darkFlat)).toBe('too-dark');
    expect(gate(flat(250))).toBe('overexposed');
    expect(gate(flat(128))).toBe('too-blurred');
  });
});

describe('frameBrightness', () => {
  function solid(width: number, height: number, r: number, g: number, b: number): Uint8ClampedArray {
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([r, g, b, 255], i * 4);
    return rgba;
  }

  it('is the luma of a uniform frame', () => {
    expect(frameBrightness(solid(40, 30, 100, 50, 200), 40, 30)).toBeCloseTo(0.299 * 100 + 0.587 * 50 + 0.114 * 200, 6);
    expect(frameBrightness(solid(16, 16, 0, 0, 0), 16, 16)).toBe(0);
  });

  it('samples every 8th pixel in both directions', () => {
    // 16 × 16 black frame with white pixels only at (0,0), (8,0), (0,8), (8,8): every sample is white.
    const rgba = solid(16, 16, 0, 0, 0);
    for (const [x, y] of [[0, 0], [8, 0], [0, 8], [8, 8]] as const) rgba.set([255, 255, 255], (y * 16 + x) * 4);
    expect(frameBrightness(rgba, 16, 16)).toBeCloseTo(255, 6);
    // 17 × 17: samples at 0, 8, 16 on each axis; white only at (16, 16) → 255 / 9.
    const odd = solid(17, 17, 0, 0, 0);
    odd.set([255, 255, 255], (16 * 17 + 16) * 4);
    expect(frameBrightness(odd, 17, 17)).toBeCloseTo(255 / 9, 6);
  });

  it('is 0 for an empty frame', () => {
    expect(frameBrightness(new Uint8ClampedArray(0), 0, 0)).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// A real photograph: face-api's demo sample1.jpg (1920 × 1280, three people).
// The right-hand person's face spans about x 1455–1690, y 200–445 (checked by eye on a crop and by
// the skin-tone check below). Frames are made the way the engine gets them: the photo scaled down
// to the sampled frame width (320 by default, 640 at most), box averaging.
// ---------------------------------------------------------------------------
const SAMPLE = fileURLToPath(new URL('../../node_modules/@vladmandic/face-api/demo/sample1.jpg', import.meta.url));
const JPEG_JS = fileURLToPath(new URL('../../node_modules/jpeg-js/package.json', import.meta.url));
const haveRealPhoto = existsSync(SAMPLE) && existsSync(JPEG_JS);
/** The face box in the full-resolution photo, as a detector would give it. */
const FACE_FULL: PixelBox = { x: 1460, y: 200, width: 230, height: 250 };

interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

function downscale(src: Uint8Array, width: number, height: number, factor: number): Frame {
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) sum += src[((y * factor + dy) * width + x * factor + dx) * 4 + c] as number;
        }
        data[(y * w + x) * 4 + c] = Math.round(sum / (factor * factor));
      }
    }
  }
  return { data, width: w, height: h };
}

/** Separable box blur of radius r on RGB, window clamped at the frame border. */
function boxBlurFrame(frame: Frame, r: number): Frame {
  const { data, width, height } = frame;
  const tmp = new Float32Array(data.length);
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        let n = 0;
        for (let d = Math.max(0, x - r); d <= Math.min(width - 1, x + r); d++, n++) sum += data[(y * width + d) * 4 + c] as number;
        tmp[(y * width + x) * 4 + c] = sum / n;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        let n = 0;
        for (let d = Math.max(0, y - r); d <= Math.min(height - 1, y + r); d++, n++) sum += tmp[(d * width + x) * 4 + c] as number;
        out[(y * width + x) * 4 + c] = Math.round(sum / n);
      }
      out[(y * width + x) * 4 + 3] = 255;
    }
  }
  return { data: out, width, height };
}

function mapRgb(frame: Frame, f: (v: number) => number): Frame {
  const data = new Uint8ClampedArray(frame.data.length);
  for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? (frame.data[i] as number) : f(frame.data[i] as number);
  return { ...frame, data };
}

/** The left `width` columns of a frame. */
function leftPart(frame: Frame, width: number): Frame {
  const data = new Uint8ClampedArray(width * frame.height * 4);
  for (let y = 0; y < frame.height; y++) data.set(frame.data.subarray(y * frame.width * 4, (y * frame.width + width) * 4), y * width * 4);
  return { data, width, height: frame.height };
}

function scaleBox(box: PixelBox, factor: number): PixelBox {
  return {
    x: Math.round(box.x / factor),
    y: Math.round(box.y / factor),
    width: Math.round(box.width / factor),
    height: Math.round(box.height / factor),
  };
}

/** The gates exactly as the engine runs them. */
function gateOf(frame: Frame, faceBox: PixelBox) {
  return assessFace(frame.data, frame.width, frame.height, faceBox);
}

/** Fraction of the central half of a box whose colour is skin-like (R > G > B, R − B > 20). */
function skinFraction(frame: Frame, box: PixelBox): number {
  let skin = 0;
  let count = 0;
  for (let y = Math.round(box.y + box.height / 4); y < box.y + (3 * box.height) / 4; y++) {
    for (let x = Math.round(box.x + box.width / 4); x < box.x + (3 * box.width) / 4; x++) {
      const i = (y * frame.width + x) * 4;
      const [r, g, b] = [frame.data[i] as number, frame.data[i + 1] as number, frame.data[i + 2] as number];
      count++;
      if (r > g && g > b && r - b > 20) skin++;
    }
  }
  return skin / count;
}

describe.skipIf(!haveRealPhoto)('quality gates on a real photograph (sample1.jpg decoded with jpeg-js)', () => {
  let full: { data: Uint8Array; width: number; height: number };
  let wide: Frame; // 640 px: the largest frame width Raut samples
  let normal: Frame; // 320 px: the default frame width
  let narrow: Frame; // 160 px: the smallest frame width

  beforeAll(async () => {
    const jpeg = await import('jpeg-js');
    full = jpeg.decode(readFileSync(SAMPLE), { useTArray: true, formatAsRGBA: true });
    wide = downscale(full.data, full.width, full.height, 3);
    normal = downscale(full.data, full.width, full.height, 6);
    narrow = downscale(full.data, full.width, full.height, 12);
  });

  it('decodes to 1920 × 1280 and the face box covers a face', () => {
    expect([full.width, full.height]).toEqual([1920, 1280]);
    expect([wide.width, wide.height, normal.width, normal.height]).toEqual([640, 426, 320, 213]);
    const face = scaleBox(FACE_FULL, 3);
    expect(skinFraction(wide, face)).toBeGreaterThan(0.9);
    // Same-size boxes on the wall and on the left-hand table are not skin.
    expect(skinFraction(wide, { ...face, x: 20, y: 20 })).toBeLessThan(0.3);
    expect(skinFraction(wide, { ...face, x: 400, y: 20 })).toBeLessThan(0.3);
  });

  it('passes the original face at 640 and at 320 px', () => {
    for (const [frame, factor] of [[wide, 3], [normal, 6]] as const) {
      const result = gateOf(frame, scaleBox(FACE_FULL, factor));
      expect(result.reason).toBeNull();
      expect(result.brightness).toBeGreaterThan(80);
      expect(result.brightness).toBeLessThan(140);
      expect(result.sharpness).toBeGreaterThan(10 * QUALITY_THRESHOLDS.minSharpness);
    }
  });

  it('refuses the darkened photo (× 0.1) as too dark', () => {
    const result = gateOf(mapRgb(wide, (v) => v * 0.1), scaleBox(FACE_FULL, 3));
    expect(result.reason).toBe('too-dark');
    expect(result.brightness).toBeLessThan(15);
  });

  it('refuses the brightened photo (+ 220, clipped) as overexposed', () => {
    const result = gateOf(mapRgb(wide, (v) => Math.min(255, v + 220)), scaleBox(FACE_FULL, 3));
    expect(result.reason).toBe('overexposed');
    expect(result.brightness).toBeGreaterThan(250);
  });

  it('refuses the heavily box-blurred photo as too blurred, but not a slight blur', () => {
    const face = scaleBox(FACE_FULL, 3);
    expect(gateOf(boxBlurFrame(wide, 1), face).reason).toBeNull();
    const heavy = gateOf(boxBlurFrame(wide, 12), face); // 25-px box on a 77-px face
    expect(heavy.reason).toBe('too-blurred');
    expect(heavy.sharpness).toBeLessThan(QUALITY_THRESHOLDS.minSharpness / 1.5);
    // Same at the default 320-px frame with a 33-px box on a 38-px face.
    expect(gateOf(boxBlurFrame(normal, 16), scaleBox(FACE_FULL, 6)).reason).toBe('too-blurred');
  });

  it('refuses a tiny box, and the real face in a 160-px frame, as too small', () => {
    // A 16-px box around the left eye in the 640-px frame.
    expect(gateOf(wide, { x: 500, y: 95, width: 16, height: 16 }).reason).toBe('face-too-small');
    // The whole face is 19 × 21 px at 160 px.
    const small = scaleBox(FACE_FULL, 12);
    expect(Math.min(small.width, small.height)).toBeLessThan(QUALITY_THRESHOLDS.minFaceSide);
    expect(gateOf(narrow, small).reason).toBe('face-too-small');
  });

  it('refuses a face box that hangs off the frame edge as cut', () => {
    const face = scaleBox(FACE_FULL, 3);
    // A frame that ends 60 % of the way across the face: 40 % of the box is outside.
    const cut = leftPart(wide, face.x + Math.round(0.6 * face.width));
    expect(outsideFraction(face, cut.width, cut.height)).toBeCloseTo(0.4, 1);
    expect(gateOf(cut, face).reason).toBe('face-cut');
    // The box moved to hang half off the right edge of the full frame.
    expect(gateOf(wide, { ...face, x: wide.width - Math.round(face.width / 2) }).reason).toBe('face-cut');
  });
});

describe.skipIf(haveRealPhoto)('quality gates on a real photograph', () => {
  it.skip('skipped: jpeg-js or node_modules/@vladmandic/face-api/demo/sample1.jpg is not installed', () => {});
});
