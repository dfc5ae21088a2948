/**
 * The face detector on MediaPipe's GPU delegate (what the engine asks for where the student has a
 * GPU, src/offscreen/detector-placement.ts) finds the faces the CPU delegate finds, in the same
 * places. Here the GPU delegate's WebGL runs on SwiftShader, Chromium's CPU emulation: this proves
 * the patched model and Raut's code work on that path, not how fast a GPU runs it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../scripts/eval/jpeg-image.ts';
import type { RawImage } from '../../scripts/eval/labeled-image.ts';
import type { DetectedFace } from '../../src/offscreen/detector.ts';
import type { Point2 } from '../../src/shared/head-pose.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/types.ts';
import { CHROMIUM_PATH, chromiumAvailable } from '../helpers/chromium.ts';
import { encodeRawImage, startEngineHarness, type EngineHarness } from '../helpers/engine-harness.ts';

const PHOTOS = resolve(import.meta.dirname, '../../node_modules/@vladmandic/face-api/demo');
const PHOTO_FILES = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg'];
/** Two boxes are the same detection at this intersection over union (the usual detection-benchmark criterion). */
const MIN_IOU = 0.5;
/**
 * Keypoints, as a share of the face's width: the GPU delegate computes in half floats and resamples
 * on the GPU, so points move a little (typically 3-12 %, up to about 20 % on small faces in group photos).
 */
const KEYPOINT_MAX_SHIFT = 0.25;
const KEYPOINT_MEDIAN_SHIFT = 0.1;

/** The frame width the content script sends (Settings.frameWidth). */
const FRAME_WIDTH = DEFAULT_SETTINGS.frameWidth;

/** Area-averaged downscale, so each photo reaches the detector as a class frame would. */
function shrink(image: RawImage, width: number): RawImage {
  const height = Math.round((image.height * width) / image.width);
  const { channels } = image;
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const top = Math.floor((y * image.height) / height);
    const bottom = Math.max(top + 1, Math.floor(((y + 1) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const left = Math.floor((x * image.width) / width);
      const right = Math.max(left + 1, Math.floor(((x + 1) * image.width) / width));
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let sy = top; sy < bottom; sy++) for (let sx = left; sx < right; sx++) sum += image.data[(sy * image.width + sx) * channels + c] as number;
        data[(y * width + x) * channels + c] = Math.round(sum / ((bottom - top) * (right - left)));
      }
    }
  }
  return { width, height, channels, data };
}

function intersectionOverUnion(a: DetectedFace, b: DetectedFace): number {
  const width = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const height = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}

function keypointList(face: DetectedFace): Point2[] {
  const points = face.keypoints;
  return points ? [...points.eyes, points.nose, points.mouth, ...points.ears] : [];
}

const skipReason = chromiumAvailable() ? undefined : `no Chromium at ${CHROMIUM_PATH}`;
if (skipReason) console.warn(`detector-delegate e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('face detector: GPU delegate against CPU delegate', () => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await startEngineHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('finds the same faces in the face-api demo photos at the class frame width, boxes and keypoints in place', async () => {
    let faces = 0;
    let identical = 0;
    const shifts: number[] = [];
    for (const file of PHOTO_FILES) {
      const photo = shrink(decodeJpeg(readFileSync(join(PHOTOS, file))), FRAME_WIDTH);
      const frame = encodeRawImage(photo);
      const onCpu = await harness.detectFaces(frame, 'CPU');
      const onGpu = await harness.detectFaces(frame, 'GPU');
      expect(onGpu.length, `${file}: faces on GPU vs CPU`).toBe(onCpu.length);
      for (const cpuFace of onCpu) {
        const gpuFace = onGpu.reduce((best, face) => (intersectionOverUnion(face, cpuFace) > intersectionOverUnion(best, cpuFace) ? face : best));
        expect(intersectionOverUnion(gpuFace, cpuFace), `${file}: box overlap`).toBeGreaterThanOrEqual(MIN_IOU);
        const cpuPoints = keypointList(cpuFace);
        const gpuPoints = keypointList(gpuFace);
        expect(gpuPoints.length, `${file}: keypoints`).toBe(6);
        cpuPoints.forEach((point, k) => {
          const shift = Math.hypot(point.x - gpuPoints[k]!.x, point.y - gpuPoints[k]!.y) / cpuFace.width;
          expect(shift, `${file}: keypoint ${k}`).toBeLessThanOrEqual(KEYPOINT_MAX_SHIFT);
          shifts.push(shift);
        });
      }
      faces += onCpu.length;
      if (JSON.stringify(onGpu) === JSON.stringify(onCpu)) identical++;
    }
    expect(faces, 'faces found in the six photos').toBeGreaterThanOrEqual(PHOTO_FILES.length);
    expect(identical, 'photos where both delegates gave bit-identical answers (the same computation twice?)').toBeLessThan(PHOTO_FILES.length);
    shifts.sort((a, b) => a - b);
    expect(shifts[Math.floor(shifts.length / 2)], 'median keypoint shift').toBeLessThanOrEqual(KEYPOINT_MEDIAN_SHIFT);
  });

  it('runs the whole engine with the GPU delegate: face, expression and engagement', async () => {
    const frame = encodeRawImage(shrink(decodeJpeg(readFileSync(join(PHOTOS, 'sample2.jpg'))), FRAME_WIDTH));
    // The harness throws when the engine fell back to the CPU delegate, so this analysis is the GPU path's.
    const [onGpu] = await harness.analyseFrame(frame, undefined, { detector: 'GPU' });
    const [onCpu] = await harness.analyseFrame(frame, undefined, { detector: 'CPU' });
    expect(onGpu!.faceFound).toBe(true);
    expect(onGpu!.faceCount).toBe(onCpu!.faceCount);
    expect(onGpu!.probabilities!.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 2);
    expect(onGpu!.engagement.facing).toBe(onCpu!.engagement.facing);
  });
});
