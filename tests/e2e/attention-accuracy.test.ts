/**
 * The attention classifier (head pose + eyes and gaze, docs/engagement.md) on real footage, against the
 * hand-labelled frames of tests/fixtures/attention-labels.json (schema and labelling rules:
 * tests/fixtures/attention-labels.md). Each frame is rebuilt from ../shared/data exactly as the
 * fixture says (a clip frame through ffmpeg, downscaled to the extension's frame width like the
 * content script; a face photo staged as a webcam frame), run through the real engine in Chromium
 * on wasm (tests/harness/engine-page), and its FrameAnalysis mapped to one of the four labels.
 * Clip frames are judged with the calibration the product learns for that student in the first
 * minute (the clip's first 60 s at 1 frame/s, learnCalibration), as every frame after that minute
 * is; photos (a different person each) with the population defaults. Prints the accuracy and the
 * confusion matrix, and the accuracy without any calibration for comparison; fails below 80 %.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameAt, framesOf } from '../../scripts/clip-frames.ts';
import { ffmpegAvailable } from '../../scripts/face-clips.ts';
import { CALIBRATION, calibrationFrameOf, learnCalibration, type Calibration, type CalibrationFrame } from '../../src/shared/calibration.ts';
import { hasEngagementCues } from '../../src/shared/engagement.ts';
import { DEFAULT_SETTINGS, type FrameAnalysis } from '../../src/shared/types.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { encodeImage, startEngineHarness, type EncodedImage, type EngineHarness, type PhotoScene } from '../helpers/engine-harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DATA = resolve(ROOT, '../shared/data');
const FIXTURE = join(ROOT, 'tests/fixtures/attention-labels.json');
const MIN_ACCURACY = 0.8;

const LABELS = ['facing', 'looking_away', 'eyes_closed', 'no_face'] as const;
type AttentionLabel = (typeof LABELS)[number];
/** What the engine can answer besides the four labels: a face a quality gate refused (or without keypoints). */
type Predicted = AttentionLabel | 'unknown';

interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface LabelledFrame {
  /** Relative to ../shared/data: video/<clip>.webm or faces-muxspace/<class>/<name>.jpg. */
  source: string;
  /** Clips: seconds, the frame `ffmpeg -ss <time> -i <clip> -frames:v 1` returns. */
  time?: number;
  /** Clips: the region of the frame (source pixels) that stands for the whole camera picture. */
  crop?: Crop;
  /** Photos: "pasted", PASTED_SCENE. */
  scene?: 'pasted';
  label: AttentionLabel;
  note?: string;
}

/** A muxspace photo as a webcam frame: a 260 px face centred on a gray 640×480 picture (as scripts/measure-attention.ts). */
const PASTED_SCENE: PhotoScene = { cameraWidth: 640, cameraHeight: 480, faceSide: 260, background: 120, frameWidth: DEFAULT_SETTINGS.frameWidth };

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { labels: string[]; frames: LabelledFrame[] };

/**
 * One frame's answer in the fixture's terms. Single frame, so eyes are the engine's per-frame
 * `eyesOpen` (eye aspect ratio against the closed threshold), not EyeClosure's ≥ 1 s rule, which
 * only decides whether closed eyes lower the interest label. The engine measures the eyes only
 * while the head faces the screen, so a turned head is looking_away whatever the eyes do; a facing
 * head whose eyes could not be read counts as facing (the engine treats them as open). The gaze is
 * read only on open eyes: a facing head with open eyes whose gaze is off-centre (`gazeCentred`
 * false) is looking_away, as the engine's interest label counts it. A face refused by a quality
 * gate is "unknown", which no label matches: it counts as wrong.
 */
function attentionOf(analysis: FrameAnalysis): Predicted {
  if (!analysis.faceFound) return 'no_face';
  const cues = analysis.engagement;
  if (!hasEngagementCues(cues) || cues.interest === 'unknown' || cues.facing === undefined) return 'unknown';
  if (!cues.facing) return 'looking_away';
  if (cues.eyesOpen === false) return 'eyes_closed';
  return cues.gazeCentred === false ? 'looking_away' : 'facing';
}

const frameWidth = DEFAULT_SETTINGS.frameWidth;
/** The labelled clip frame (or its crop) downscaled to the extension's frame width, as packed RGBA. */
function clipFrame(frame: LabelledFrame): EncodedImage {
  const { width, height, rgba } = frameAt(join(DATA, frame.source), frame.time!, frameWidth, frame.crop);
  return encodeImage(width, height, rgba);
}


/** What the product learns for the student of this clip in a session's first minute: its first 60 s at the default frame rate. */
async function calibrationFor(harness: EngineHarness, source: string): Promise<Calibration | null> {
  const frames: CalibrationFrame[] = [];
  for (const { width, height, rgba } of framesOf(join(DATA, source), CALIBRATION.windowMs / 1000, DEFAULT_SETTINGS.samplesPerSecond, frameWidth)) {
    const image = encodeImage(width, height, rgba);
    const [analysis] = await harness.analyseFrame(image, undefined, { attentionOnly: true, calibration: null });
    const usable = calibrationFrameOf(analysis!);
    if (usable) frames.push(usable);
  }
  return learnCalibration(frames, Date.now());
}

function describeFrame(frame: LabelledFrame): string {
  const where = frame.time !== undefined ? `@${frame.time}s` : '';
  const crop = frame.crop ? ` crop ${frame.crop.x},${frame.crop.y} ${frame.crop.width}×${frame.crop.height}` : '';
  return `${frame.source.replace(/^(video|faces-muxspace)\//, '')}${where}${crop}`;
}

function cuesSummary(analysis: FrameAnalysis): string {
  const cues = analysis.engagement;
  if (!hasEngagementCues(cues)) return 'no cues';
  const degrees = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(1)}°`);
  const parts = [`yaw ${degrees(cues.yaw)}`, `pitch ${degrees(cues.pitch)}`];
  if (cues.eyeAspectRatio !== undefined) parts.push(`eye ratio ${cues.eyeAspectRatio.toFixed(3)}`);
  if (cues.gazeX !== undefined && cues.gazeY !== undefined) parts.push(`gaze ${cues.gazeX.toFixed(3)}, ${cues.gazeY.toFixed(3)}`);
  if (analysis.unknownReason) parts.push(analysis.unknownReason);
  return parts.join(', ');
}

describe('attention labels fixture', () => {
  it('holds at least 60 frames over the four labels, each reconstructible from ../shared/data', () => {
    expect(fixture.labels).toEqual([...LABELS]);
    expect(fixture.frames.length).toBeGreaterThanOrEqual(60);
    for (const frame of fixture.frames) {
      expect(LABELS, describeFrame(frame)).toContain(frame.label);
      if (frame.source.startsWith('video/')) {
        expect(frame.source, 'clip').toMatch(/^video\/[\w.-]+\.webm$/);
        expect(frame.time, describeFrame(frame)).toBeGreaterThanOrEqual(0);
        expect(frame.scene).toBeUndefined();
        if (frame.crop) for (const value of Object.values(frame.crop)) expect(Number.isInteger(value) && value >= 0).toBe(true);
      } else {
        expect(frame.source, 'photo').toMatch(/^faces-muxspace\/[a-z]+\/[\w.-]+\.jpg$/);
        expect(frame).toMatchObject({ scene: 'pasted' });
        expect(frame.time).toBeUndefined();
        expect(frame.crop).toBeUndefined();
      }
    }
    const keys = fixture.frames.map((frame) => JSON.stringify([frame.source, frame.time, frame.crop]));
    expect(new Set(keys).size, 'no frame listed twice').toBe(keys.length);
    for (const label of LABELS) expect(fixture.frames.filter((frame) => frame.label === label).length, label).toBeGreaterThanOrEqual(10);
  });
});

const skipReason = !existsSync(DATA)
  ? `${DATA} is missing (the labelled frames are rebuilt from ../shared/data)`
  : !chromiumAvailable()
    ? 'Debian chromium is not installed'
    : !ffmpegAvailable()
      ? 'ffmpeg is not installed (clip frames are extracted with it)'
      : null;
if (skipReason) console.warn(`[skip] attention accuracy on hand-labelled frames: ${skipReason}`);

describe.skipIf(skipReason !== null).sequential('attention classifier on hand-labelled real frames', () => {
  let harness: EngineHarness;
  beforeAll(async () => {
    harness = await startEngineHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it(`labels at least ${100 * MIN_ACCURACY} % of the frames as a person would`, async () => {
    const missing = fixture.frames.filter((frame) => !existsSync(join(DATA, frame.source))).map((frame) => frame.source);
    expect(missing, 'labelled sources missing from ../shared/data').toEqual([]);
    const clips = [...new Set(fixture.frames.filter((frame) => frame.source.startsWith('video/')).map((frame) => frame.source))];
    const calibrations = new Map<string, Calibration | null>();
    for (const clip of clips) calibrations.set(clip, await calibrationFor(harness, clip));

    // Attention-only: the same pose and eye code as full mode (the expression model runs after it), without loading that model.
    const analyse = async (frame: LabelledFrame, calibration: Calibration | null): Promise<FrameAnalysis> => {
      const options = { attentionOnly: true, calibration };
      const [analysis] = frame.source.startsWith('video/')
        ? await harness.analyseFrame(clipFrame(frame), undefined, options)
        : await harness.analysePhoto(await readFile(join(DATA, frame.source)), PASTED_SCENE, undefined, options);
      return analysis!;
    };
    const confusion = new Map<string, number>();
    const misses: string[] = [];
    let correct = 0;
    const bySource = { clips: { right: 0, n: 0 }, photos: { right: 0, n: 0 } };
    let correctUncalibrated = 0;
    const rightUncalibrated = new Map<AttentionLabel, number>();
    for (const frame of fixture.frames) {
      const calibration = calibrations.get(frame.source) ?? null;
      const analysis = await analyse(frame, calibration);
      const predicted = attentionOf(analysis);
      confusion.set(`${frame.label}>${predicted}`, (confusion.get(`${frame.label}>${predicted}`) ?? 0) + 1);
      const group = bySource[frame.source.startsWith('video/') ? 'clips' : 'photos'];
      group.n++;
      if (predicted === frame.label) {
        correct++;
        group.right++;
      } else misses.push(`  ${frame.label} → ${predicted}: ${describeFrame(frame)} (${cuesSummary(analysis)})${frame.note ? ` — ${frame.note}` : ''}`);
      // The same frame before any calibration (a session's first minute); no face stays no face.
      const uncalibrated = calibration && analysis.faceFound ? attentionOf(await analyse(frame, null)) : predicted;
      if (uncalibrated === frame.label) {
        correctUncalibrated++;
        rightUncalibrated.set(frame.label, (rightUncalibrated.get(frame.label) ?? 0) + 1);
      }
    }
    const n = fixture.frames.length;
    const accuracy = correct / n;
    const percent = (value: number) => `${(100 * value).toFixed(1)} %`;
    const columns: Predicted[] = [...LABELS, 'unknown'];
    const total = (label: AttentionLabel) => fixture.frames.filter((frame) => frame.label === label).length;
    const rows = LABELS.map((label) => {
      const counts = columns.map((column) => confusion.get(`${label}>${column}`) ?? 0);
      const right = confusion.get(`${label}>${label}`) ?? 0;
      return `  ${label.padEnd(18)}${counts.map((c) => String(c).padStart(13)).join('')}   ${right}/${total(label)}`;
    });
    const calibrationLines = [...calibrations].map(
      ([clip, c]) => `  ${clip}: ${c ? `yaw ${c.yaw.toFixed(1)}°, pitch ${c.pitch.toFixed(1)}°, eye ratio ${c.eyeAspectRatio?.toFixed(3) ?? '–'} (${c.frames} frames)` : 'none learnt'}`,
    );
    console.log(
      [
        `attention accuracy on ${n} hand-labelled frames: ${correct}/${n} = ${percent(accuracy)} (bar ${100 * MIN_ACCURACY} %)`,
        `  ${'labelled \\ engine'.padEnd(18)}${columns.map((c) => c.padStart(13)).join('')}   right`,
        ...rows,
        `by source: webcam clips ${bySource.clips.right}/${bySource.clips.n}, staged photos ${bySource.photos.right}/${bySource.photos.n}`,
        `without calibration (clips judged by the population defaults too): ${correctUncalibrated}/${n} = ${percent(correctUncalibrated / n)}; ` +
          LABELS.map((label) => `${label} ${rightUncalibrated.get(label) ?? 0}/${total(label)}`).join(', '),
        'calibration learnt from each clip\'s first minute:',
        ...calibrationLines,
        ...(misses.length ? ['misses:', ...misses] : []),
      ].join('\n'),
    );
    expect(accuracy, `attention accuracy ${percent(accuracy)} on the hand-labelled frames (issue 7 asks for ${100 * MIN_ACCURACY} %)`).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });
});
