/**
 * Dumps every attention measurement (keypoint pose, face-mesh eye ratio, iris-model points,
 * openness and gaze, docs/engagement.md) for the hand-labelled frames of
 * tests/fixtures/attention-labels.json and for each labelled clip's first minute at 1 frame/s (what
 * calibration learns from), through the engine harness page in Chromium on wasm. The frames are
 * rebuilt exactly as tests/e2e/attention-accuracy.test.ts rebuilds them. Then replays the dump
 * through the engagement rules (src/shared/engagement.ts, calibration as the background learns it)
 * with the shipped ATTENTION_THRESHOLDS and with each threshold moved on its own, to show how the
 * score depends on them. Not part of `npm test`.
 *
 *   npx tsx scripts/measure-gaze.ts [-- --out eval-results/gaze-measurements.json]
 *   npx tsx scripts/measure-gaze.ts -- --from eval-results/gaze-measurements.json   (replay only)
 */
import { frameAt, framesOf } from './clip-frames';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CALIBRATION, learnCalibration, type Calibration, type CalibrationFrame } from '../src/shared/calibration';
import { ATTENTION_THRESHOLDS, eyesOpenFor, isFacing, isGazeCentred, type AttentionThresholds } from '../src/shared/engagement';
import { eyeCorners, eyePointsOf, type IrisReading } from '../src/shared/gaze';
import { DEFAULT_SETTINGS } from '../src/shared/types';
import { encodeImage, startEngineHarness, type AttentionMeasurement, type EncodedImage, type PhotoScene } from '../tests/helpers/engine-harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');
const FIXTURE = path.join(ROOT, 'tests/fixtures/attention-labels.json');
const SCENE: PhotoScene = { cameraWidth: 640, cameraHeight: 480, faceSide: 260, background: 120, frameWidth: DEFAULT_SETTINGS.frameWidth };
const WIDTH = DEFAULT_SETTINGS.frameWidth;

interface LabelledFrame {
  source: string;
  time?: number;
  crop?: { x: number; y: number; width: number; height: number };
  label: string;
  note?: string;
}

function clipFrame(frame: LabelledFrame): EncodedImage {
  const { width, height, rgba } = frameAt(path.join(DATA, frame.source), frame.time!, WIDTH, frame.crop);
  return encodeImage(width, height, rgba);
}

function firstMinute(source: string): EncodedImage[] {
  return framesOf(path.join(DATA, source), CALIBRATION.windowMs / 1000, DEFAULT_SETTINGS.samplesPerSecond, WIDTH).map(({ width, height, rgba }) => encodeImage(width, height, rgba));
}

/** The measurement without the timings. */
function compact(m: AttentionMeasurement) {
  return { faceSide: m.faceSide, pose: m.keypointPose, meshEar: m.meshEyeAspectRatio, meshConfidence: m.meshConfidence, iris: m.iris, irisEyes: m.irisEyes, keypoints: m.keypoints, keypointIris: m.keypointIris, keypointIrisEyes: m.keypointIrisEyes, eyeNet: m.eyeNet };
}

type Measured = ReturnType<typeof compact>;
interface Dump {
  calibration: Record<string, Measured[]>;
  frames: (LabelledFrame & { m: Measured })[];
}
type Thresholds = AttentionThresholds;

/** Which eye model reads the eyes, on which crops: the iris model on the face mesh's eye corners or on BlazeFace's eye keypoints, or the shipped eye net on the keypoints. */
type EyeRoute = 'mesh' | 'keypoints' | 'eye-net';

function irisOf(m: Measured, route: EyeRoute): IrisReading | null {
  if (route === 'eye-net') return m.eyeNet ?? null; // dumps made before the eye net have none
  return route === 'mesh' ? m.iris : m.keypointIris;
}

/** As the engine reads one frame: eyes (and gaze) only while the head faces the screen. */
function answer(m: Measured, calibration: Calibration | null, t: Thresholds, route: EyeRoute): string {
  if (!m.pose) return 'no_face';
  if (!isFacing(m.pose, calibration, t)) return 'looking_away';
  const iris = irisOf(m, route);
  if (!iris) return 'facing';
  if (!eyesOpenFor(iris.openness, calibration, t)) return 'eyes_closed';
  return isGazeCentred({ x: iris.gazeX, y: iris.gazeY }, calibration, t) ? 'facing' : 'looking_away';
}

/** What the background learns from a clip's first minute (its calibrationFrameOf carries no gaze). */
function calibrationOf(frames: readonly Measured[], t: Thresholds, route: EyeRoute): Calibration | null {
  const usable: CalibrationFrame[] = frames.flatMap((m) => {
    const iris = irisOf(m, route);
    return m.pose ? [{ yaw: m.pose.yaw, pitch: m.pose.pitch, eyeAspectRatio: isFacing(m.pose, null, t) && iris ? iris.openness : null, probabilities: null }] : [];
  });
  return learnCalibration(usable, 0);
}

function score(dump: Dump, t: Thresholds, route: EyeRoute = 'mesh'): number {
  const calibrations = new Map(Object.entries(dump.calibration).map(([clip, frames]) => [clip, calibrationOf(frames, t, route)]));
  return dump.frames.filter((frame) => answer(frame.m, calibrations.get(frame.source) ?? null, t, route) === frame.label).length;
}

/** Where the eye corners (the iris model's, on the mesh route) lie against BlazeFace's eye keypoints: what keypointEyeCrops assumes. */
function keypointGeometry(dump: Dump): void {
  const widths: number[] = [];
  const along: number[] = [];
  const down: number[] = [];
  for (const m of [...dump.frames.map((frame) => frame.m), ...Object.values(dump.calibration).flat()]) {
    if (!m.keypoints || !m.irisEyes || m.irisEyes.length !== 2) continue;
    const eyes = [...m.keypoints.eyes].sort((a, b) => a.x - b.x);
    const between = Math.hypot(eyes[1]!.x - eyes[0]!.x, eyes[1]!.y - eyes[0]!.y);
    const axis = { x: (eyes[1]!.x - eyes[0]!.x) / between, y: (eyes[1]!.y - eyes[0]!.y) / between };
    const irisEyes = m.irisEyes.map(eyePointsOf).sort((a, b) => eyeCorners(a)[0].x - eyeCorners(b)[0].x);
    irisEyes.forEach((eye, k) => {
      const [left, right] = eyeCorners(eye);
      widths.push(Math.hypot(right.x - left.x, right.y - left.y) / between);
      const dx = (left.x + right.x) / 2 - eyes[k]!.x;
      const dy = (left.y + right.y) / 2 - eyes[k]!.y;
      along.push(((dx * axis.x + dy * axis.y) / between) * (k === 0 ? -1 : 1));
      down.push((-dx * axis.y + dy * axis.x) / between);
    });
  }
  const q = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [0.1, 0.5, 0.9].map((p) => sorted[Math.floor(p * (sorted.length - 1))]!.toFixed(3)).join(' / ');
  };
  console.log(`eye width ÷ keypoint distance (p10 / median / p90 over ${widths.length} eyes): ${q(widths)}`);
  console.log(`corner midpoint from the keypoint, outward along the eye line: ${q(along)}; down: ${q(down)} (keypoint distances)`);
}

/** The frames the eye net reads differently from its teacher (the iris model on the same crops), with both readings. */
function teacherDisagreements(dump: Dump, t: Thresholds): void {
  const calibrations = (route: EyeRoute) => new Map(Object.entries(dump.calibration).map(([clip, frames]) => [clip, calibrationOf(frames, t, route)]));
  const [teacherCalibration, netCalibration] = [calibrations('keypoints'), calibrations('eye-net')];
  const shown = (r: IrisReading | null) => (r ? `open ${r.openness.toFixed(2)} gaze ${r.gazeX.toFixed(2)},${r.gazeY.toFixed(2)} width ${r.eyeWidth.toFixed(0)}` : 'no eyes');
  for (const frame of dump.frames) {
    const teacher = answer(frame.m, teacherCalibration.get(frame.source) ?? null, t, 'keypoints');
    const net = answer(frame.m, netCalibration.get(frame.source) ?? null, t, 'eye-net');
    if (teacher === net) continue;
    const where = frame.time === undefined ? frame.source : `${frame.source}@${frame.time}s`;
    console.log(`  ${where} (${frame.label}): iris model ${teacher} [${shown(frame.m.keypointIris)}], eye net ${net} [${shown(frame.m.eyeNet ?? null)}]`);
  }
}

function replay(dump: Dump): void {
  const shipped: Thresholds = { ...ATTENTION_THRESHOLDS };
  keypointGeometry(dump);
  const n = dump.frames.length;
  console.log(`shipped thresholds: iris model on crops from the mesh ${score(dump, shipped, 'mesh')}/${n}, from the keypoints ${score(dump, shipped, 'keypoints')}/${n}; eye net (keypoints) ${score(dump, shipped, 'eye-net')}/${n}`);
  console.log('frames the eye net reads differently from the iris model (same crops, shipped thresholds):');
  teacherDisagreements(dump, shipped);
  const sweeps: [keyof Thresholds, number[]][] = [
    ['closedEyeFraction', [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]],
    ['defaultRestingEyeAspectRatio', [0.3, 0.33, 0.35, 0.37, 0.4]],
    ['maxGazeOffsetX', [0.15, 0.2, 0.23, 0.25, 0.3, 0.4]],
    ['maxGazeUp', [0.1, 0.15, 0.2, 0.25, 0.3]],
    ['maxGazeDown', [0.2, 0.3, 0.4, 0.5]],
    ['defaultRestingGazeY', [-0.15, -0.1, -0.05, 0]],
    ['maxYawOffset', [15, 20, 25]],
    ['maxPitchOffset', [15, 20, 25]],
  ];
  for (const [name, values] of sweeps) {
    const scores = (value: number) => (['mesh', 'keypoints', 'eye-net'] as const).map((route) => score(dump, { ...shipped, [name]: value }, route)).join('/');
    console.log(`${name}: ${values.map((value) => `${value} → ${scores(value)}`).join(', ')} (iris on mesh / iris on keypoints / eye net)`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { out: { type: 'string', default: 'eval-results/gaze-measurements.json' }, from: { type: 'string' } } });
  if (values.from) {
    replay(JSON.parse(readFileSync(values.from, 'utf8')) as Dump);
    return;
  }
  if (!existsSync(DATA)) throw new Error(`${DATA} is missing`);
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { frames: LabelledFrame[] };
  const harness = await startEngineHarness();
  const out: Dump = { calibration: {}, frames: [] };
  try {
    const clips = [...new Set(fixture.frames.filter((f) => f.source.startsWith('video/')).map((f) => f.source))];
    for (const clip of clips) {
      out.calibration[clip] = [];
      for (const frame of firstMinute(clip)) out.calibration[clip].push(compact(await harness.measureAttention(frame)));
      process.stderr.write(`${clip}: ${out.calibration[clip].length} calibration frames\n`);
    }
    for (const frame of fixture.frames) {
      const m = frame.source.startsWith('video/')
        ? await harness.measureAttention(clipFrame(frame))
        : await harness.measureAttentionPhoto(await readFile(path.join(DATA, frame.source)), SCENE);
      out.frames.push({ ...frame, m: compact(m) });
    }
  } finally {
    await harness.close();
  }
  mkdirSync(path.dirname(path.resolve(values.out!)), { recursive: true });
  writeFileSync(values.out!, JSON.stringify(out));
  process.stderr.write(`wrote ${values.out} (${out.frames.length} labelled frames)\n`);
  replay(out);
}

await main();
