/**
 * Part 1b: what the engagement layer (head pose from BlazeFace's keypoints, the eye net on eye
 * crops cut around them, src/offscreen/attention) adds per frame on top of the expression pipeline
 * (face detection + expression model), issue 7's target being ≤ 30 %. Each step is timed on its own,
 * back to back on the same frame, in the engine harness page (tests/harness/engine-page
 * `measureAttention`: the engine's own modules on wasm), over the bench frames. The eye net runs
 * in the engine only while the head faces the screen, so the figure is the cost of a frame in which
 * the student faces the screen (the common case). The routes it replaced (the iris model on the
 * same crops; before that, the face mesh for the eye corners, then the iris model) are timed in the
 * same run, for the before/after ratios.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeJpeg } from '../eval/jpeg-image.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/types.ts';
import { CAMERA } from '../../tests/harness/bench-page/api.ts';
import { encodeImage, startEngineHarness, type EncodedImage } from '../../tests/helpers/engine-harness.ts';
import type { LabelledFrame } from './frames.ts';
import { median } from './stats.ts';

const PHOTOS = resolve(import.meta.dirname, '../../node_modules/@vladmandic/face-api/demo');

export interface EngagementCost {
  /** Frames (with a face) the medians are over. */
  frames: number;
  /** Keypoint pose + eye net (eye crops from the keypoints, run, read), median ms: what the engine runs. */
  engagementMs: number;
  keypointPoseMs: number;
  eyeNetMs: number;
  /** The route the eye net replaced: keypoint pose + the iris model on the same crops, median ms. */
  irisRouteMs: number;
  irisMs: number;
  /** The route before that: keypoint pose + face mesh + iris model on the mesh's eye corners, median ms. */
  meshRouteMs: number;
  faceMeshMs: number;
  /** Face detection + expression model (crop, classify), median ms: the pipeline before the layer. */
  expressionMs: number;
  detectMs: number;
  classifyMs: number;
  /** engagementMs ÷ expressionMs × 100. */
  addedPct: number;
}

/** A bench frame as the engine receives it: the photo's part area-averaged to the extension's frame width (camera aspect). */
function stage(frame: LabelledFrame): EncodedImage {
  const photo = decodeJpeg(readFileSync(join(PHOTOS, frame.photo)));
  const width = DEFAULT_SETTINGS.frameWidth;
  const height = Math.round((width * CAMERA.height) / CAMERA.width);
  const sx = frame.width / width;
  const sy = frame.height / height;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0];
      let n = 0;
      for (let yy = Math.floor(frame.y + y * sy); yy < Math.min(photo.height, Math.floor(frame.y + (y + 1) * sy)); yy++) {
        for (let xx = Math.floor(frame.x + x * sx); xx < Math.min(photo.width, Math.floor(frame.x + (x + 1) * sx)); xx++) {
          const i = (yy * photo.width + xx) * photo.channels;
          for (let c = 0; c < 3; c++) sum[c]! += photo.data[i + (photo.channels === 3 ? c : 0)]!;
          n++;
        }
      }
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = n ? Math.round(sum[c]! / n) : 0;
      rgba[o + 3] = 255;
    }
  }
  return encodeImage(width, height, rgba);
}

export async function benchEngagement(options: { frames: readonly LabelledFrame[]; measuredFrames: number; warmupPasses: number }): Promise<EngagementCost> {
  const staged = options.frames.map(stage);
  const harness = await startEngineHarness();
  const runs = [];
  try {
    for (let pass = 0; pass < options.warmupPasses; pass++) for (const frame of staged) await harness.measureAttention(frame);
    for (let k = 0; k < options.measuredFrames; k++) runs.push(await harness.measureAttention(staged[k % staged.length]!));
  } finally {
    await harness.close();
  }
  const faces = runs.filter((run) => run.keypointMs !== null && run.eyeNetMs !== null && run.keypointIrisMs !== null && run.meshMs !== null && run.irisMs !== null && run.classifyMs !== null);
  if (faces.length === 0) throw new Error('engagement cost: no bench frame gave a face');
  const detect = median(faces.map((run) => run.detectMs));
  const classify = median(faces.map((run) => run.classifyMs!));
  const engagement = median(faces.map((run) => run.keypointMs! + run.eyeNetMs!));
  const expression = median(faces.map((run) => run.detectMs + run.classifyMs!));
  return {
    frames: faces.length,
    engagementMs: engagement,
    keypointPoseMs: median(faces.map((run) => run.keypointMs!)),
    eyeNetMs: median(faces.map((run) => run.eyeNetMs!)),
    irisRouteMs: median(faces.map((run) => run.keypointMs! + run.keypointIrisMs!)),
    irisMs: median(faces.map((run) => run.keypointIrisMs!)),
    meshRouteMs: median(faces.map((run) => run.keypointMs! + run.meshMs! + run.irisMs!)),
    faceMeshMs: median(faces.map((run) => run.meshMs!)),
    expressionMs: expression,
    detectMs: detect,
    classifyMs: classify,
    addedPct: (100 * engagement) / expression,
  };
}
