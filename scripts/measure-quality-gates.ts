/**
 * Reviews the quality gates (src/offscreen/quality.ts, QUALITY_THRESHOLDS) on real faces: labelled
 * photos from ../shared/data/faces-muxspace pasted into a 320×240 frame (a 260 px face in a
 * 640×480 camera picture, downscaled as the content script does), then darkened, overexposed,
 * blurred, shrunk and pushed off the edge. Faces are found by the engine's own detector in Chromium
 * (engine harness); the gates run here on the same pixels. Prints, per version: faces found, the
 * share each gate refuses, how often the engine's expression (where it still gives one) matches the
 * original's, and the brightness and sharpness spread. Not part of `npm test`.
 *
 *   npx tsx scripts/measure-quality-gates.ts [-- --photos 20]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeJpeg } from './eval/jpeg-image';
import { assessFace, QUALITY_THRESHOLDS } from '../src/offscreen/quality';
import { largest } from '../src/offscreen/crop';
import { encodeImage, startEngineHarness } from '../tests/helpers/engine-harness';

const DATA = path.resolve(import.meta.dirname, '../../shared/data/faces-muxspace');
const WIDTH = 320;
const HEIGHT = 240;
const BACKGROUND = 120;

interface Variant {
  name: string;
  /** Face side in the 320-px frame and where its top-left corner goes. */
  side: number;
  at?: (side: number) => { x: number; y: number };
  pixel?: (value: number) => number;
  blurRadius?: number;
}

const VARIANTS: Variant[] = [
  { name: 'original', side: 130 },
  { name: 'dark ×0.3', side: 130, pixel: (v) => v * 0.3 },
  { name: 'dark ×0.15', side: 130, pixel: (v) => v * 0.15 },
  { name: 'overexposed +120', side: 130, pixel: (v) => v + 120 },
  { name: 'overexposed +170', side: 130, pixel: (v) => v + 170 },
  { name: 'blur r1 (3×3 twice)', side: 130, blurRadius: 1 },
  { name: 'blur r2 (5×5 twice)', side: 130, blurRadius: 2 },
  { name: 'blur r3 (7×7 twice)', side: 130, blurRadius: 3 },
  { name: 'small 64 px', side: 64 },
  { name: 'small 48 px', side: 48 },
  { name: 'small 40 px', side: 40 },
  { name: 'edge: 25 % off', side: 130, at: (side) => ({ x: WIDTH - Math.round(side * 0.75), y: (HEIGHT - side) / 2 }) },
  { name: 'edge: 40 % off', side: 130, at: (side) => ({ x: WIDTH - Math.round(side * 0.6), y: (HEIGHT - side) / 2 }) },
];

/** Area-average resize of packed RGB(A) or gray to side × side RGB. */
function resizeSquare(image: { width: number; height: number; channels: number; data: Uint8Array }, side: number): Float32Array {
  const out = new Float32Array(side * side * 3);
  const sx = image.width / side;
  const sy = image.height / side;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const sum = [0, 0, 0];
      let n = 0;
      for (let yy = Math.floor(y * sy); yy < Math.max(Math.floor(y * sy) + 1, Math.floor((y + 1) * sy)); yy++) {
        for (let xx = Math.floor(x * sx); xx < Math.max(Math.floor(x * sx) + 1, Math.floor((x + 1) * sx)); xx++) {
          const i = (yy * image.width + xx) * image.channels;
          for (let c = 0; c < 3; c++) sum[c]! += image.data[i + (image.channels >= 3 ? c : 0)]!;
          n++;
        }
      }
      for (let c = 0; c < 3; c++) out[(y * side + x) * 3 + c] = sum[c]! / n;
    }
  }
  return out;
}

function boxBlur(rgba: Uint8Array, radius: number): Uint8Array {
  let current = rgba;
  for (let pass = 0; pass < 2; pass++) {
    const next = new Uint8Array(current.length);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const sum = [0, 0, 0];
        let n = 0;
        for (let dy = -radius; dy <= radius; dy++) {
          for (let dx = -radius; dx <= radius; dx++) {
            const yy = Math.min(HEIGHT - 1, Math.max(0, y + dy));
            const xx = Math.min(WIDTH - 1, Math.max(0, x + dx));
            for (let c = 0; c < 3; c++) sum[c]! += current[(yy * WIDTH + xx) * 4 + c]!;
            n++;
          }
        }
        const o = (y * WIDTH + x) * 4;
        for (let c = 0; c < 3; c++) next[o + c] = Math.round(sum[c]! / n);
        next[o + 3] = 255;
      }
    }
    current = next;
  }
  return current;
}

function stage(photo: ReturnType<typeof decodeJpeg>, variant: Variant): Uint8Array {
  const rgba = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let i = 0; i < WIDTH * HEIGHT; i++) rgba.set([BACKGROUND, BACKGROUND, BACKGROUND, 255], i * 4);
  const face = resizeSquare(photo, variant.side);
  const { x: left, y: top } = variant.at?.(variant.side) ?? { x: Math.round((WIDTH - variant.side) / 2), y: Math.round((HEIGHT - variant.side) / 2) };
  for (let y = 0; y < variant.side; y++) {
    for (let x = 0; x < variant.side; x++) {
      if (left + x >= WIDTH || top + y >= HEIGHT) continue;
      const o = ((top + y) * WIDTH + left + x) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(face[(y * variant.side + x) * 3 + c]!);
    }
  }
  if (variant.pixel) for (let i = 0; i < rgba.length; i++) if (i % 4 !== 3) rgba[i] = Math.max(0, Math.min(255, Math.round(variant.pixel(rgba[i]!))));
  return variant.blurRadius ? boxBlur(rgba, variant.blurRadius) : rgba;
}

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? NaN;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { photos: { type: 'string', default: '20' } } });
  const perClass = Number(values.photos);
  const files = ['neutral', 'happy', 'surprise', 'sad', 'angry'].flatMap((label) =>
    readdirSync(path.join(DATA, label)).sort().slice(0, perClass).map((name) => path.join(DATA, label, name)),
  );
  const harness = await startEngineHarness();
  const rows: string[] = [];
  try {
    const originalTops: (string | null)[] = [];
    for (const variant of VARIANTS) {
      const reasons = new Map<string, number>();
      let classified = 0;
      let sameTop = 0;
      const brightness: number[] = [];
      const sharpness: number[] = [];
      let found = 0;
      for (const [k, file] of files.entries()) {
        const frame = stage(decodeJpeg(readFileSync(file)), variant);
        // The expression the engine reads on this version against the original's, gates or not.
        const [analysis] = await harness.analyseFrame(encodeImage(WIDTH, HEIGHT, frame));
        if (variant.name === 'original') originalTops[k] = analysis?.top ?? null;
        else if (analysis?.top && originalTops[k]) {
          classified++;
          if (analysis.top === originalTops[k]) sameTop++;
        }
        const face = largest(await harness.detectFaces(encodeImage(WIDTH, HEIGHT, frame)));
        if (!face) continue;
        found++;
        const assessment = assessFace(frame, WIDTH, HEIGHT, face);
        reasons.set(assessment.reason ?? 'pass', (reasons.get(assessment.reason ?? 'pass') ?? 0) + 1);
        brightness.push(assessment.brightness);
        sharpness.push(assessment.sharpness);
      }
      const agreement = variant.name === 'original' ? '—' : classified ? `${((100 * sameTop) / classified).toFixed(0)} % of ${classified}` : 'none classified';
      const outcome = [...reasons.entries()].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${((100 * n) / found).toFixed(0)} %`).join(', ');
      rows.push(
        `| ${variant.name} | ${found}/${files.length} | ${outcome || '—'} | ${agreement} | ${pct(brightness, 0.05).toFixed(0)} / ${pct(brightness, 0.5).toFixed(0)} / ${pct(brightness, 0.95).toFixed(0)} | ${pct(sharpness, 0.05).toFixed(0)} / ${pct(sharpness, 0.5).toFixed(0)} / ${pct(sharpness, 0.95).toFixed(0)} |`,
      );
      process.stderr.write(`${variant.name}\n`);
    }
  } finally {
    await harness.close();
  }
  console.log(`thresholds: ${JSON.stringify(QUALITY_THRESHOLDS)}`);
  console.log('| version | faces found | gate outcome (of faces found) | same top class as the original (classified ones) | brightness p5 / p50 / p95 | sharpness p5 / p50 / p95 |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
