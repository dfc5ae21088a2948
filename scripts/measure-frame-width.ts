/**
 * Would a narrower frame (Settings.frameWidth, 320 px by default) change what Raut stores? The
 * frame's bytes cost ≈ 42 ns each on their way to the engine (docs/performance.md, thirteenth pass),
 * and BlazeFace sees 128 px whatever it gets, so a 256 px frame would send 36 % fewer bytes. This runs
 * the engine (wasm, through the engine harness page) on the same pictures at each width and compares
 * every width's answers with the default width's:
 *  - labelled photos from ../shared/data/faces-muxspace staged as 640 × 480 webcam frames (canvas
 *    downscale, as the content script did), with the label agreement of each width;
 *  - frames of the webcam clips in ../shared/data/video, one a second, scaled by ffmpeg.
 * Not part of `npm test`.
 *
 *   npx tsx scripts/measure-frame-width.ts [-- --widths 320,256 --photos 20 --seconds 60 --face-side 260]
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './bench/stats';
import { framesOf, videoSize } from './clip-frames';
import { messageOf } from '../src/shared/error-message';
import { DEFAULT_SETTINGS, type FrameAnalysis } from '../src/shared/types';
import { encodeImage, startEngineHarness, type PhotoScene } from '../tests/helpers/engine-harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');
const PHOTO_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'];

interface Picture {
  source: string;
  label: string | null;
  /** The engine's answer at each width, in the order of --widths. */
  answers: FrameAnalysis[];
}

function parse(): { widths: number[]; photos: number; seconds: number; faceSide: number } {
  const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { widths: { type: 'string', default: `${DEFAULT_SETTINGS.frameWidth},256` }, photos: { type: 'string', default: '20' }, seconds: { type: 'string', default: '60' }, 'face-side': { type: 'string', default: '260' } } });
  const widths = values.widths.split(',').map(Number);
  if (widths.length < 2 || widths.some((width) => !Number.isInteger(width) || width < 64 || width > 640)) {
    throw new Error(`--widths: give two or more whole widths from 64 to 640, the reference first (got "${values.widths}")`);
  }
  const photos = Number(values.photos);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(photos) || photos < 0) throw new Error(`--photos: a whole number of photos per class (got "${values.photos}")`);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--seconds: a whole number of seconds per clip (got "${values.seconds}")`);
  const faceSide = Number(values['face-side']);
  if (!Number.isInteger(faceSide) || faceSide < 32 || faceSide > 480) throw new Error(`--face-side: the photo's side in the 640 × 480 camera frame, 32 to 480 px (got "${values['face-side']}")`);
  return { widths, photos, seconds, faceSide };
}

/** Half the L1 distance between two probability vectors: 0 the same, 1 nothing in common. */
function probabilityShift(a: number[], b: number[]): number {
  return a.reduce((sum, value, index) => sum + Math.abs(value - b[index]!), 0) / 2;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
}

function report(title: string, pictures: Picture[], widths: number[]): void {
  const faceWidths = pictures.map((picture) => picture.answers[0]!.box?.width).filter((width): width is number => width !== undefined);
  const medianFace = faceWidths.length === 0 ? '–' : median(faceWidths).toFixed(2);
  console.log(`\n${title}: ${pictures.length} pictures; the face's median width ${medianFace} of the frame's`);
  console.log('| width | face found | same top expression as ' + widths[0] + ' px | mean probability shift | label agreement | attention label the same |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const [index, width] of widths.entries()) {
    const found = pictures.filter((picture) => picture.answers[index]!.faceFound).length;
    const both = pictures.filter((picture) => picture.answers[0]!.probabilities && picture.answers[index]!.probabilities);
    const sameTop = both.filter((picture) => picture.answers[0]!.top === picture.answers[index]!.top).length;
    const shifts = both.map((picture) => probabilityShift(picture.answers[0]!.probabilities!, picture.answers[index]!.probabilities!));
    const labelled = pictures.filter((picture) => picture.label !== null);
    const agreeing = labelled.filter((picture) => picture.answers[index]!.top === picture.label).length;
    const sameInterest = pictures.filter((picture) => picture.answers[0]!.engagement.interest === picture.answers[index]!.engagement.interest).length;
    const meanShift = shifts.length === 0 ? '–' : (shifts.reduce((sum, value) => sum + value, 0) / shifts.length).toFixed(3);
    console.log(`| ${width} | ${found} / ${pictures.length} | ${sameTop} / ${both.length} (${percent(sameTop, both.length)}) | ${meanShift} | ${labelled.length === 0 ? '–' : `${agreeing} / ${labelled.length} (${percent(agreeing, labelled.length)})`} | ${percent(sameInterest, pictures.length)} |`);
  }
}

async function main(): Promise<void> {
  const { widths, photos, seconds, faceSide } = parse();
  if (!existsSync(DATA)) throw new Error(`${DATA} is missing: the measurement needs ../shared/data (see its README)`);
  const harness = await startEngineHarness();
  const photoPictures: Picture[] = [];
  const clipPictures: Picture[] = [];
  try {
    for (const label of PHOTO_CLASSES) {
      const dir = path.join(DATA, 'faces-muxspace', label);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort().slice(0, photos)) {
        const jpeg = await readFile(path.join(dir, name));
        const answers: FrameAnalysis[] = [];
        for (const width of widths) {
          const scene: PhotoScene = { cameraWidth: 640, cameraHeight: 480, faceSide, background: 120, frameWidth: width };
          answers.push((await harness.analysePhoto(jpeg, scene))[0]!);
        }
        photoPictures.push({ source: `${label}/${name}`, label, answers });
      }
      process.stderr.write(`photos ${label}\n`);
    }
    const videoDir = path.join(DATA, 'video');
    for (const clip of readdirSync(videoDir).filter((name) => name.endsWith('.webm')).sort()) {
      const file = path.join(videoDir, clip);
      const camera = videoSize(file);
      // A width above the clip's own would only upscale it: compare at most the camera's width.
      const framesByWidth = widths.map((width) => framesOf(file, seconds, 1, Math.min(width, camera.width)));
      const count = Math.min(...framesByWidth.map((frames) => frames.length));
      for (let second = 0; second < count; second++) {
        const answers: FrameAnalysis[] = [];
        for (const frames of framesByWidth) {
          const frame = frames[second]!;
          answers.push((await harness.analyseFrame(encodeImage(frame.width, frame.height, frame.rgba)))[0]!);
        }
        clipPictures.push({ source: `${clip}@${second}s`, label: null, answers });
      }
      process.stderr.write(`clip ${clip} (${camera.width} × ${camera.height})\n`);
    }
  } finally {
    await harness.close();
  }
  report(`Labelled photos staged as 640 × 480 webcam frames, each photo ${faceSide} px square`, photoPictures, widths);
  report('Webcam clips, one frame a second (at most the clip\'s own width)', clipPictures, widths);
}

main().catch((error: unknown) => {
  console.error(messageOf(error));
  process.exit(1);
});
