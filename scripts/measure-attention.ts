/**
 * Measures the two head-pose routes (docs/engagement.md) on real data, in Chromium on wasm through
 * the engine harness page: BlazeFace's six keypoints against the face mesh (468 landmarks), on
 * frames of the webcam clips in ../shared/data/video (1 per second) and on labelled photos from
 * ../shared/data/faces-muxspace staged as webcam frames. Reports how far the keypoint route is from
 * the mesh (raw, and after removing each clip's median offset, as calibration does), the eye aspect
 * ratio's spread, and the milliseconds of each step. Not part of `npm test`.
 *
 *   npx tsx scripts/measure-attention.ts [-- --photos 20 --seconds 60 --json]
 */
import { framesOf } from './clip-frames';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../src/shared/types';
import { angleDifference, type HeadPose } from '../src/shared/head-pose';
import { encodeImage, startEngineHarness, type AttentionMeasurement, type PhotoScene } from '../tests/helpers/engine-harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');
const SCENE: PhotoScene = { cameraWidth: 640, cameraHeight: 480, faceSide: 260, background: 120, frameWidth: DEFAULT_SETTINGS.frameWidth };
const PHOTO_CLASSES = ['neutral', 'happy', 'surprise', 'sad', 'angry'];

interface Sample {
  source: string;
  group: string;
  m: AttentionMeasurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
}

function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function pearson(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    num += (x - ma) * (y - mb);
    da += (x - ma) ** 2;
    db += (y - mb) ** 2;
  });
  return num / Math.sqrt(da * db);
}

const AXES: (keyof HeadPose)[] = ['yaw', 'pitch', 'roll'];

/** Keypoint route against the mesh, per axis: raw and with each group's median offset removed. */
function agreement(samples: Sample[]) {
  const paired = samples.filter((s) => s.m.keypointPose && s.m.meshPose);
  const result: Record<string, { meanAbs: number; p90Abs: number; meanAbsCentred: number; correlation: number; meshRange: [number, number] }> = {};
  for (const axis of AXES) {
    const diffs = paired.map((s) => angleDifference(s.m.keypointPose![axis], s.m.meshPose![axis]));
    const offsets = new Map<string, number>();
    for (const group of new Set(paired.map((s) => s.group))) {
      offsets.set(group, median(paired.filter((s) => s.group === group).map((s) => angleDifference(s.m.keypointPose![axis], s.m.meshPose![axis]))));
    }
    const centred = paired.map((s, i) => (diffs[i] as number) - (offsets.get(s.group) as number));
    const mesh = paired.map((s) => s.m.meshPose![axis]);
    result[axis] = {
      meanAbs: mean(diffs.map(Math.abs)),
      p90Abs: percentile(diffs.map(Math.abs), 0.9),
      meanAbsCentred: mean(centred.map(Math.abs)),
      correlation: pearson(paired.map((s) => s.m.keypointPose![axis]), mesh),
      meshRange: [percentile(mesh, 0.05), percentile(mesh, 0.95)],
    };
  }
  return { frames: paired.length, ...result };
}

function costs(samples: Sample[]) {
  const faces = samples.filter((s) => s.m.meshMs !== null);
  const ms = (pick: (m: AttentionMeasurement) => number | null) => {
    const values = faces.map((s) => pick(s.m)).filter((v): v is number => v !== null);
    return { median: median(values), p90: percentile(values, 0.9) };
  };
  const detect = ms((m) => m.detectMs);
  const classify = ms((m) => m.classifyMs);
  const keypoints = ms((m) => m.keypointMs);
  const mesh = ms((m) => m.meshMs);
  return {
    frames: faces.length,
    detectMs: detect,
    classifyMs: classify,
    keypointPoseMs: keypoints,
    faceMeshMs: mesh,
    meshOverExpressionPipeline: mesh.median / (detect.median + classify.median),
    keypointsOverExpressionPipeline: keypoints.median / (detect.median + classify.median),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { photos: { type: 'string', default: '20' }, seconds: { type: 'string', default: '60' }, json: { type: 'boolean', default: false } } });
  if (!existsSync(DATA)) throw new Error(`${DATA} is missing: the measurement needs ../shared/data (see its README)`);
  const perClass = Number(values.photos);
  const seconds = Number(values.seconds);
  const samples: Sample[] = [];
  const harness = await startEngineHarness();
  try {
    // Warm-up: first calls compile kernels.
    const videoDir = path.join(DATA, 'video');
    for (const clip of readdirSync(videoDir).filter((name) => name.endsWith('.webm')).sort()) {
      const frames = framesOf(path.join(videoDir, clip), seconds, 1, DEFAULT_SETTINGS.frameWidth);
      await harness.measureAttention(encodeImage(frames[0]!.width, frames[0]!.height, frames[0]!.rgba));
      for (const [i, frame] of frames.entries()) {
        samples.push({ source: `${clip}@${i}s`, group: clip, m: await harness.measureAttention(encodeImage(frame.width, frame.height, frame.rgba)) });
      }
      process.stderr.write(`${clip}: ${frames.length} frames\n`);
    }
    for (const label of PHOTO_CLASSES) {
      const dir = path.join(DATA, 'faces-muxspace', label);
      for (const name of readdirSync(dir).sort().slice(0, perClass)) {
        samples.push({ source: `${label}/${name}`, group: 'photos', m: await harness.measureAttentionPhoto(await readFile(path.join(dir, name)), SCENE) });
      }
      process.stderr.write(`photos ${label}: ${perClass}\n`);
    }
  } finally {
    await harness.close();
  }
  const clips = samples.filter((s) => s.group !== 'photos');
  const photos = samples.filter((s) => s.group === 'photos');
  const ears = (list: Sample[]) => list.map((s) => s.m.meshEyeAspectRatio).filter((v): v is number => v !== null);
  const report = {
    frames: samples.length,
    facesFound: samples.filter((s) => s.m.faceSide !== null).length,
    agreementClips: agreement(clips),
    agreementPhotos: agreement(photos),
    eyeAspectRatio: {
      clips: { p5: percentile(ears(clips), 0.05), median: median(ears(clips)), p95: percentile(ears(clips), 0.95) },
      photos: { p5: percentile(ears(photos), 0.05), median: median(ears(photos)), p95: percentile(ears(photos), 0.95) },
    },
    meshConfidence: { min: Math.min(...samples.map((s) => s.m.meshConfidence ?? 1)), median: median(samples.map((s) => s.m.meshConfidence ?? NaN).filter(Number.isFinite)) },
    cost: costs(samples),
  };
  if (values.json) console.log(JSON.stringify({ report, samples }, null, 1));
  else console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
