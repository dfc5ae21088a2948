/**
 * Does BlazeFace (tasks-vision's FaceDetector, as the engine runs it) still find the faces when a
 * frame's colour is sent at a lower resolution? The face-api demo photos, drawn at 320 and 640 px
 * wide, as the engine would see them after the frame's trip through Y'CbCr (BT.601, full range):
 *  - rgb: the photo as drawn (the reference);
 *  - chroma/2: Cb and Cr at half the luma's width and height, what frames carry now (I420);
 *  - chroma/4: at a quarter of it, 86 KB for a 320 × 240 frame instead of 115 KB;
 *  - gray: no colour at all (R = G = B = luma), for comparison.
 * Chroma is taken at each block's centre, as the hook's scaling does, and read back by nearest sample.
 * Prints faces found per variant and how far each face's box moved from the reference's.
 *
 *   npx tsx scripts/measure-chroma.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { BLAZEFACE_OUTPUT, MODELS_DIR, prepareModels } from './prepare-models.ts';
import { serveFolders } from './static-server.ts';
import { launchChromium } from '../tests/helpers/chromium.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PHOTOS_DIR = join(ROOT, 'node_modules/@vladmandic/face-api/demo');
const PHOTOS = [1, 2, 3, 4, 5, 6].map((i) => `sample${i}.jpg`);
const WIDTHS = [320, 640];
const VARIANTS = ['rgb', 'chroma/2', 'chroma/4', 'gray'] as const;

const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="module">
  import { FaceDetector, FilesetResolver } from '/tasks-vision/vision_bundle.mjs';
  const fileset = await FilesetResolver.forVisionTasks(new URL('/tasks-vision/wasm', location.href).href);
  const detector = await FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: '${'/models/' + relative(MODELS_DIR, BLAZEFACE_OUTPUT).split(sep).join('/')}', delegate: 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence: 0.5,
  });
  const clamp = (v) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  /** The picture through Y'CbCr with chroma kept at 1/factor of each side (0: none). */
  function throughYuv(image, factor) {
    const { width, height, data } = image;
    const out = new ImageData(width, height);
    const at = (x, y) => 4 * (Math.min(height - 1, y) * width + Math.min(width - 1, x));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = at(x, y);
        const luma = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
        let cb = 128, cr = 128;
        if (factor > 0) {
          const c = at(Math.floor(x / factor) * factor + (factor >> 1), Math.floor(y / factor) * factor + (factor >> 1));
          const cy = 0.299 * data[c] + 0.587 * data[c + 1] + 0.114 * data[c + 2];
          cb = 128 + (data[c + 2] - cy) / 1.772;
          cr = 128 + (data[c] - cy) / 1.402;
        }
        out.data[i] = clamp(luma + 1.402 * (cr - 128));
        out.data[i + 1] = clamp(luma - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
        out.data[i + 2] = clamp(luma + 1.772 * (cb - 128));
        out.data[i + 3] = 255;
      }
    }
    return out;
  }
  window.facesIn = async (url, width) => {
    const photo = new Image();
    photo.src = url;
    await photo.decode();
    const height = Math.round((width * photo.naturalHeight) / photo.naturalWidth);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    context.drawImage(photo, 0, 0, width, height);
    const drawn = context.getImageData(0, 0, width, height);
    const variants = { rgb: drawn, 'chroma/2': throughYuv(drawn, 2), 'chroma/4': throughYuv(drawn, 4), gray: throughYuv(drawn, 0) };
    const result = {};
    for (const [name, image] of Object.entries(variants)) {
      result[name] = detector.detect(image).detections.map((d) => d.boundingBox).map((b) => [b.originX, b.originY, b.width, b.height]);
    }
    return result;
  };
  window.pageReady = true;
</script>`;

type Box = [number, number, number, number];

/** Largest corner distance (px) from a reference box to the nearest box found in a variant. */
function shift(reference: Box, found: Box[]): number | null {
  let best: number | null = null;
  for (const box of found) {
    const distance = Math.max(Math.abs(box[0] - reference[0]), Math.abs(box[1] - reference[1]), Math.abs(box[0] + box[2] - reference[0] - reference[2]), Math.abs(box[1] + box[3] - reference[1] - reference[3]));
    if (best === null || distance < best) best = distance;
  }
  return best;
}

async function main(): Promise<void> {
  prepareModels({ log: () => undefined });
  const pageDir = mkdtempSync(join(tmpdir(), 'raut-chroma-'));
  writeFileSync(join(pageDir, 'index.html'), PAGE);
  const served = await serveFolders([
    { prefix: '/tasks-vision/', dir: join(ROOT, 'node_modules/@mediapipe/tasks-vision') },
    { prefix: '/photos/', dir: PHOTOS_DIR },
    { prefix: '/models/', dir: MODELS_DIR },
    { prefix: '/', dir: pageDir },
  ]);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${served.origin}/`);
    await page.waitForFunction('window.pageReady === true', undefined, { timeout: 60_000 });
    const totals = Object.fromEntries(VARIANTS.map((v) => [v, { faces: 0, matched: 0, worstShift: 0 }]));
    for (const width of WIDTHS) {
      for (const photo of PHOTOS) {
        const found = await page.evaluate(([url, w]) => (window as unknown as { facesIn(u: string, w: number): Promise<Record<string, Box[]>> }).facesIn(url, w), [`/photos/${photo}`, width] as const);
        const reference = found.rgb ?? [];
        const line = VARIANTS.map((variant) => {
          const boxes = found[variant] ?? [];
          const shifts = reference.map((box) => shift(box, boxes)).filter((d): d is number => d !== null && d <= matchRadius(reference));
          totals[variant]!.faces += boxes.length;
          totals[variant]!.matched += shifts.length;
          totals[variant]!.worstShift = Math.max(totals[variant]!.worstShift, ...shifts);
          return `${variant} ${boxes.length} (max shift ${shifts.length ? Math.max(...shifts).toFixed(1) : '–'} px)`;
        });
        console.log(`${photo} @ ${width}px: ${line.join(' · ')}`);
      }
    }
    console.log('\nTotals (faces found; of the reference faces, found within half a box; worst shift):');
    for (const variant of VARIANTS) {
      const t = totals[variant]!;
      console.log(`  ${variant.padEnd(9)} ${t.faces} faces, ${t.matched} of ${totals.rgb!.faces} reference faces matched, worst shift ${t.worstShift.toFixed(1)} px`);
    }
  } finally {
    await browser.close();
    await served.close();
    rmSync(pageDir, { recursive: true, force: true });
  }
}

/** Half the smallest reference box's width: a found box further than that is another face. */
function matchRadius(boxes: Box[]): number {
  return boxes.length ? Math.min(...boxes.map((b) => b[2])) / 2 : 0;
}

await main();
