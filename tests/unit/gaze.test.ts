/**
 * Gaze and eyelid geometry on an eye model's points (src/shared/gaze.ts), on a synthetic eye with
 * known lids and iris laid out as the iris model lists them, and the eye crop that feeds the
 * models (src/offscreen/attention/eye-crop.ts).
 */
import { describe, expect, it } from 'vitest';
import { EYE_CROP_SCALE, eyeCrop, sampleEye } from '../../src/offscreen/attention/eye-crop';
import { IRIS_INPUT } from '../../src/offscreen/attention/iris';
import { eyeCorners, eyePointList, eyePointsFromList, eyePointsOf, IRIS_CONTOUR, IRIS_CONTOUR_POINTS, irisOffset, irisOpenness, irisReading, type EyePoints, type IrisEye } from '../../src/shared/gaze';
import type { Point2 } from '../../src/shared/head-pose';

/**
 * An eye `width` px wide centred at `centre`, lids opened to `gap` × width at the middle (lids as
 * half-ellipses between the corners), iris centre at `iris` (half widths, as irisOffset gives it),
 * the whole eye turned by `roll` degrees. `flip`: the contour listed from the picture's right corner.
 */
type EyeOptions = { centre?: Point2; width?: number; gap?: number; iris?: Point2; roll?: number; flip?: boolean };

function syntheticIrisEye(options: EyeOptions = {}): IrisEye {
  const { centre = { x: 100, y: 80 }, width = 30, gap = 0.35, iris = { x: 0, y: 0 }, roll = 0, flip = false } = options;
  const half = width / 2;
  const angle = (roll * Math.PI) / 180;
  const place = (u: number, v: number): Point2 => ({
    x: centre.x + u * Math.cos(angle) - v * Math.sin(angle),
    y: centre.y + u * Math.sin(angle) + v * Math.cos(angle),
  });
  const lid = (t: number, sign: number) => {
    const u = (flip ? 1 : -1) * half * Math.cos(Math.PI * t);
    return place(u, (sign * gap * width * Math.sqrt(Math.max(0, 1 - (u / half) ** 2))) / 2);
  };
  const contour: Point2[] = Array.from({ length: IRIS_CONTOUR_POINTS }, () => place(0, 0));
  IRIS_CONTOUR.lower.forEach((index, k) => (contour[index] = lid(k / 8, 1)));
  IRIS_CONTOUR.upper.forEach((index, k) => (contour[index] = lid((k + 1) / 8, -1)));
  const centreOfIris = place(iris.x * half, iris.y * half);
  const r = 0.2 * width;
  return { contour, iris: [centreOfIris, place(iris.x * half + r, iris.y * half), place(iris.x * half, iris.y * half - r), place(iris.x * half - r, iris.y * half), place(iris.x * half, iris.y * half + r)] };
}

/** The synthetic eye's nine points, picked as from the iris model's output. */
function syntheticEye(options: EyeOptions = {}): EyePoints {
  return eyePointsOf(syntheticIrisEye(options));
}

describe('eye points', () => {
  it('go to the flat list the eye net outputs and back unchanged', () => {
    const eye = syntheticEye({ iris: { x: 0.2, y: -0.1 }, roll: 10 });
    const list = eyePointList(eye);
    expect(list).toHaveLength(9);
    expect(eyePointsFromList(list)).toEqual(eye);
    expect(() => eyePointsFromList(list.slice(1))).toThrow(/9 points, got 8/);
  });
});

describe('eyelid openness', () => {
  it('is the lid gap over the eye width, ≈ the gap it was drawn with', () => {
    // The three middle lid pairs sit at 3/8, 1/2 and 5/8 of the half-ellipse: gaps sin(3π/8), 1, sin(3π/8) × the middle one.
    const middle = (1 + 2 * Math.sin((3 * Math.PI) / 8)) / 3;
    const expected = 0.35 * middle;
    expect(irisOpenness(syntheticEye())).toBeCloseTo(expected, 6);
    expect(irisOpenness(syntheticEye({ gap: 0.05 }))).toBeCloseTo(0.05 * middle, 6);
  });

  it('does not change with the size of the eye, its roll or the side it is listed from', () => {
    const base = irisOpenness(syntheticEye());
    expect(irisOpenness(syntheticEye({ width: 12 }))).toBeCloseTo(base, 6);
    expect(irisOpenness(syntheticEye({ roll: 25 }))).toBeCloseTo(base, 6);
    expect(irisOpenness(syntheticEye({ flip: true }))).toBeCloseTo(base, 6);
  });
});

describe('iris offset (gaze)', () => {
  it('gives the iris position from the eye centre in half eye widths, x to the right and y down', () => {
    const offset = irisOffset(syntheticEye({ iris: { x: 0.3, y: -0.1 } }));
    expect(offset.x).toBeCloseTo(0.3, 6);
    expect(offset.y).toBeCloseTo(-0.1, 6);
  });

  it('measures along the eye line, so a tilted head reads the same gaze', () => {
    for (const roll of [-30, 15]) {
      const offset = irisOffset(syntheticEye({ roll, iris: { x: -0.2, y: 0.15 } }));
      expect(offset.x).toBeCloseTo(-0.2, 6);
      expect(offset.y).toBeCloseTo(0.15, 6);
    }
  });

  it('takes the corners left to right whichever way the contour runs', () => {
    const eye = syntheticEye({ flip: true, iris: { x: 0.25, y: 0 } });
    const [left, right] = eyeCorners(eye);
    expect(left.x).toBeLessThan(right.x);
    expect(irisOffset(eye).x).toBeCloseTo(0.25, 6);
  });
});

describe('irisReading', () => {
  it('keeps the more open eye and weights the gaze by eye width', () => {
    const near = syntheticEye({ width: 30, gap: 0.35, iris: { x: 0.2, y: 0 } });
    const far = syntheticEye({ centre: { x: 140, y: 80 }, width: 10, gap: 0.1, iris: { x: 0.6, y: 0 }, flip: true });
    const reading = irisReading([near, far])!;
    expect(reading.openness).toBeCloseTo(irisOpenness(near), 6);
    expect(reading.gazeX).toBeCloseTo((0.2 * 30 + 0.6 * 10) / 40, 6);
    expect(reading.gazeY).toBeCloseTo(0, 6);
    // How well the gaze can be read: the wider eye's corner-to-corner width (engine: minGazeEyeWidth).
    expect(reading.eyeWidth).toBeCloseTo(30, 6);
  });

  it('is null without eyes', () => {
    expect(irisReading([])).toBeNull();
  });
});

describe('eye crop for the eye models', () => {
  /** A 200 × 100 frame whose red channel is x and green channel y. */
  const width = 200;
  const height = 100;
  const frame = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) frame.set([x, y, 0, 255], (y * width + x) * 4);
  const pixel = (out: Float32Array, col: number, row: number) => ({ x: out[(row * IRIS_INPUT + col) * 3]! * 255, y: out[(row * IRIS_INPUT + col) * 3 + 1]! * 255 });

  it('is a square 2.3 × the corner distance around the corners, taken left to right', () => {
    const crop = eyeCrop({ x: 120, y: 50 }, { x: 100, y: 50 }, false);
    expect(crop).toMatchObject({ centre: { x: 110, y: 50 }, side: 20 * EYE_CROP_SCALE, axis: { x: 1, y: 0 }, mirrored: false });
  });

  it('samples the eye as it is, or mirrored for the picture\'s right eye', () => {
    const out = new Float32Array(IRIS_INPUT * IRIS_INPUT * 3);
    sampleEye(frame, width, height, eyeCrop({ x: 100, y: 50 }, { x: 120, y: 50 }, false), IRIS_INPUT, 'rgb', out);
    const side = 20 * EYE_CROP_SCALE;
    expect(pixel(out, 0, 32).x).toBeCloseTo(110 - side / 2 + side / IRIS_INPUT / 2 - 0.5, 0);
    expect(pixel(out, 63, 32).x).toBeGreaterThan(pixel(out, 0, 32).x);
    expect(pixel(out, 32, 63).y).toBeGreaterThan(pixel(out, 32, 0).y);
    sampleEye(frame, width, height, eyeCrop({ x: 100, y: 50 }, { x: 120, y: 50 }, true), IRIS_INPUT, 'rgb', out);
    expect(pixel(out, 63, 32).x).toBeLessThan(pixel(out, 0, 32).x);
    expect(pixel(out, 32, 63).y).toBeGreaterThan(pixel(out, 32, 0).y);
  });

  it('turns with the eye line', () => {
    const out = new Float32Array(IRIS_INPUT * IRIS_INPUT * 3);
    // Eye line rising 45° to the right: along the crop's middle row, x and y change together, opposite ways.
    sampleEye(frame, width, height, eyeCrop({ x: 100, y: 60 }, { x: 110, y: 50 }, false), IRIS_INPUT, 'rgb', out);
    const a = pixel(out, 8, 32);
    const b = pixel(out, 56, 32);
    expect(b.x - a.x).toBeGreaterThan(5);
    expect(b.y - a.y).toBeCloseTo(-(b.x - a.x), 0);
  });

  it('gives one BT.601 gray level per pixel for the eye net, the same as mixing the RGB samples', () => {
    const colourful = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) colourful.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 255], i * 4);
    const crop = eyeCrop({ x: 90, y: 40 }, { x: 118, y: 47 }, true);
    const rgb = new Float32Array(32 * 32 * 3);
    const gray = new Float32Array(1 + 32 * 32);
    sampleEye(colourful, width, height, crop, 32, 'rgb', rgb);
    sampleEye(colourful, width, height, crop, 32, 'gray', gray, 1);
    expect(gray[0]).toBe(0);
    for (const i of [0, 100, 517, 1023]) expect(gray[1 + i]).toBeCloseTo(0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!, 6);
  });
});
