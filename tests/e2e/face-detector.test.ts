/**
 * The real proof that the metadata patch works: @mediapipe/tasks-vision's FaceDetector, in
 * Chromium, refuses the BlazeFace model as shipped and finds the 3 faces of a sample photo with
 * the patched model from models/blazeface/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLAZEFACE_OUTPUT, BLAZEFACE_SOURCE, MODELS_DIR, prepareModels } from '../../scripts/prepare-models.ts';
import { serveFolders, type StaticServer } from '../../scripts/static-server.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, type LaunchedBrowser } from '../helpers/chromium.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TASKS_VISION = join(ROOT, 'node_modules/@mediapipe/tasks-vision');
/** MIT-licensed photo with three faces, from the face-api demo. */
const SAMPLE_PHOTO = join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');

/** URL prefix → folder; the page itself is written to a temporary folder mounted at `/`. */
function mounts(pageDir: string) {
  return [
    // tasks-vision's package exports hide wasm/*, so serve the package folder by filesystem path.
    { prefix: '/tasks-vision/', dir: TASKS_VISION },
    { prefix: '/face-api-demo/', dir: dirname(SAMPLE_PHOTO) },
    { prefix: '/models/', dir: MODELS_DIR }, // the patched model
    { prefix: '/face_detection/', dir: dirname(BLAZEFACE_SOURCE) }, // the model as shipped
    { prefix: '/', dir: pageDir },
  ];
}
const PATCHED_MODEL = `/models/${relative(MODELS_DIR, BLAZEFACE_OUTPUT).split(sep).join('/')}`;
const UNPATCHED_MODEL = `/face_detection/${basename(BLAZEFACE_SOURCE)}`;

/** Defines window.detectFaces(modelUrl), which loads a FaceDetector and runs it on the photo. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>FaceDetector check</title>
<img id="photo" src="/face-api-demo/${basename(SAMPLE_PHOTO)}">
<script type="module">
  import { FaceDetector, FilesetResolver } from '/tasks-vision/vision_bundle.mjs';
  window.detectFaces = async (modelUrl) => {
    try {
      const fileset = await FilesetResolver.forVisionTasks(new URL('/tasks-vision/wasm', location.href).href);
      const detector = await FaceDetector.createFromOptions(fileset, {
        baseOptions: { modelAssetPath: modelUrl, delegate: 'CPU' },
        runningMode: 'IMAGE',
      });
      const photo = document.getElementById('photo');
      await photo.decode();
      detector.detect(photo); // the first call also initialises the graph: time the second
      const started = performance.now();
      const { detections } = detector.detect(photo);
      const milliseconds = performance.now() - started;
      detector.close();
      return { faces: detections.length, milliseconds };
    } catch (error) {
      return { error: String(error?.message ?? error) };
    }
  };
  window.pageReady = true;
</script>`;

type DetectionOutcome = { faces: number; milliseconds: number } | { error: string };
interface PageApi {
  detectFaces(modelUrl: string): Promise<DetectionOutcome>;
}

const skipReason = chromiumAvailable() ? undefined : `no Chromium at ${CHROMIUM_PATH}`;
if (skipReason) console.warn(`face-detector e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('tasks-vision FaceDetector with BlazeFace short range', () => {
  let pageDir: string;
  let served: StaticServer;
  let origin: string;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    prepareModels({ log: () => undefined }); // writes models/blazeface/ if missing or stale
    pageDir = mkdtempSync(join(tmpdir(), 'raut-face-detector-'));
    writeFileSync(join(pageDir, 'index.html'), PAGE);
    served = await serveFolders(mounts(pageDir));
    origin = served.origin;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (pageDir) rmSync(pageDir, { recursive: true, force: true });
  });

  /** Each model gets a fresh page, so a failed load cannot leave state behind for the other. */
  async function detectWith(modelPath: string): Promise<DetectionOutcome> {
    const page: Page = await browser.context.newPage();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.pageReady === true');
      return await page.evaluate(
        (modelUrl) => (window as unknown as PageApi).detectFaces(modelUrl),
        `${origin}${modelPath}`,
      );
    } finally {
      await page.close();
    }
  }

  it('refuses the model as shipped: float32 input without NormalizationOptions metadata', async () => {
    const outcome = await detectWith(UNPATCHED_MODEL);
    expect(outcome).toEqual({ error: expect.stringContaining('it requires specifying NormalizationOptions metadata') });
  });

  it('finds the 3 faces of sample1.jpg with the patched model', async () => {
    const outcome = await detectWith(PATCHED_MODEL);
    expect(outcome).toMatchObject({ faces: 3 });
    if ('milliseconds' in outcome) console.info(`FaceDetector: 3 faces in ${outcome.milliseconds.toFixed(1)} ms`);
  });
});
