/**
 * Training data for the eye net (training/eye_net.py): eyes cut from FER-2013's training faces and
 * the face photos of ../shared/data, each staged as a webcam frame (a face of random size on a
 * plain background, downscaled to the extension's frame width), found by the engine's detector,
 * cut around BlazeFace's eye keypoints exactly as the engine cuts them (plus jittered variants),
 * and labelled by the iris model, the teacher. Everything runs through the engine harness page in
 * Chromium on wasm, so the net learns from the very pixels the extension will give it.
 *
 * The hand-labelled attention frames (tests/fixtures/attention-labels.json) and the webcam clips
 * they come from are left out: they stay a held-out check of the distilled net.
 *
 *   npx tsx scripts/eye-net-data.ts [-- --out training/eye-data --fer-limit 28709 --seed 1]
 *
 * Writes gray.u8 (n × 32 × 32 gray levels), teacher.f32 (n × 18: nine points in crop units),
 * source.u32 (n: the index of the picture each eye came from, for a split by picture), side.f32
 * (n: the crop's side in frame pixels, 2.3 × the eye's width) and
 * meta.json (sources, counts, settings), appending as it goes so a long run can be stopped.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EYE_NET_CROP } from '../src/offscreen/attention/eye-net';
import { EYE_POINT_COUNT } from '../src/shared/gaze';
import { DEFAULT_SETTINGS } from '../src/shared/types';
import { startEngineHarness, type EyeCropJitter, type PhotoScene } from '../tests/helpers/engine-harness';
import { seededRandom } from './seeded-random';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');
const FIXTURE = path.join(ROOT, 'tests/fixtures/attention-labels.json');

/** Face sizes in the 640×480 camera picture before the downscale to the frame width: FER's 48 px faces and the 350 px photos. */
const FACE_SIDES = { fer: [130, 320], photo: [150, 330] } as const;
const JITTER: Omit<EyeCropJitter, 'seed'> = { shift: 0.06, scale: 0.12, degrees: 8, variants: 2 };

function listJpegs(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listJpegs(path.join(folder, entry.name)) : /\.jpe?g$/i.test(entry.name) ? [path.join(folder, entry.name)] : [],
  );
}

function heldOutSources(): Set<string> {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { frames: { source: string }[] };
  return new Set(fixture.frames.map((frame) => path.join(DATA, frame.source)));
}

/** FER first, shuffled, then the photos: a run stopped early still has a mix of people. */
function sources(ferLimit: number, random: () => number): { file: string; kind: keyof typeof FACE_SIDES }[] {
  const heldOut = heldOutSources();
  const shuffle = <T>(items: T[]) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  const fer = shuffle(listJpegs(path.join(DATA, 'fer2013/train'))).slice(0, ferLimit);
  const photos = listJpegs(path.join(DATA, 'faces-muxspace')).filter((file) => !heldOut.has(file));
  return shuffle([...fer.map((file) => ({ file, kind: 'fer' as const })), ...photos.map((file) => ({ file, kind: 'photo' as const }))]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'training/eye-data' }, 'fer-limit': { type: 'string', default: '28709' }, seed: { type: 'string', default: '1' } },
  });
  if (!existsSync(DATA)) throw new Error(`${DATA} is absent: the eye net's training data comes from ../shared/data (data/README.md)`);
  const out = path.resolve(ROOT, values.out);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const random = seededRandom(Number(values.seed));
  const pictures = sources(Number(values['fer-limit']), random);
  console.error(`${pictures.length} pictures (${pictures.filter((p) => p.kind === 'fer').length} FER-2013, the rest photos)`);
  const harness = await startEngineHarness();
  let eyes = 0;
  let withoutFace = 0;
  const started = Date.now();
  const writeMeta = (done: number) =>
    writeFileSync(
      path.join(out, 'meta.json'),
      JSON.stringify({ inputSize: EYE_NET_CROP, points: EYE_POINT_COUNT, eyes, picturesDone: done, withoutFace, jitter: JITTER, faceSides: FACE_SIDES, frameWidth: DEFAULT_SETTINGS.frameWidth, sources: pictures.slice(0, done).map((p) => path.relative(DATA, p.file)) }, null, 1),
    );
  try {
    for (let index = 0; index < pictures.length; index++) {
      const { file, kind } = pictures[index]!;
      const [low, high] = FACE_SIDES[kind];
      const scene: PhotoScene = { cameraWidth: 640, cameraHeight: 480, faceSide: Math.round(low + random() * (high - low)), background: Math.round(40 + random() * 180), frameWidth: DEFAULT_SETTINGS.frameWidth };
      const samples = await harness.eyeTrainingSamplesPhoto(readFileSync(file), scene, { ...JITTER, seed: Math.floor(random() * 2 ** 31) });
      if (samples.length === 0) withoutFace++;
      if (samples.length > 0) {
        // One append per file per picture (not per eye): the files stay in step when a run is stopped.
        appendFileSync(path.join(out, 'gray.u8'), Buffer.concat(samples.map((sample) => Buffer.from(sample.grayBase64, 'base64'))));
        appendFileSync(path.join(out, 'teacher.f32'), Buffer.from(new Float32Array(samples.flatMap((sample) => sample.teacher)).buffer));
        appendFileSync(path.join(out, 'source.u32'), Buffer.from(new Uint32Array(samples.map(() => index)).buffer));
        appendFileSync(path.join(out, 'side.f32'), Buffer.from(new Float32Array(samples.map((sample) => sample.cropSide)).buffer));
        eyes += samples.length;
      }
      if ((index + 1) % 500 === 0) {
        writeMeta(index + 1);
        console.error(`${index + 1}/${pictures.length} pictures, ${eyes} eyes, ${withoutFace} without a face, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    writeMeta(pictures.length);
    console.error(`done: ${eyes} eyes from ${pictures.length - withoutFace} pictures in ${out}`);
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
