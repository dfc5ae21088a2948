/**
 * The real proof that the metadata patch works: @mediapipe/tasks-vision's FaceDetector, in
 * Chromium, refuses the BlazeFace model as shipped and finds the 3 faces of a sample photo with
 * the patched model from models/blazeface/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLAZEFACE_OUTPUT, BLAZEFACE_SOURCE, prepareModels } from '../../scripts/prepare-models.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, type LaunchedBrowser } from '../helpers/chromium.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TASKS_VISION = join(ROOT, 'node_modules/@mediapipe/tasks-vision');
/** MIT-licensed photo with three faces, from the face-api demo. */
const SAMPLE_PHOTO = join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');

/** Defines window.detectFaces(modelUrl), which loads a FaceDetector and runs it on the photo. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>FaceDetector check</title>
<img id="photo" src="/sample1.jpg">
<script type="module">
  import { FaceDetector, FilesetResolver } from '/vision_bundle.mjs';
  window.detectFaces = async (modelUrl) => {
    try {
      const fileset = await FilesetResolver.forVisionTasks(new URL('/wasm', location.href).href);
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

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.tflite': 'application/octet-stream',
};

/** URL path → file served; nothing else is reachable. */
function routes(): Map<string, string> {
  const table = new Map<string, string>([
    ['/vision_bundle.mjs', join(TASKS_VISION, 'vision_bundle.mjs')],
    ['/sample1.jpg', SAMPLE_PHOTO],
    ['/models/patched.tflite', BLAZEFACE_OUTPUT],
    ['/models/unpatched.tflite', BLAZEFACE_SOURCE],
  ]);
  // tasks-vision's package exports hide wasm/*, so serve the folder by filesystem path.
  for (const name of readdirSync(join(TASKS_VISION, 'wasm'))) table.set(`/wasm/${name}`, join(TASKS_VISION, 'wasm', name));
  return table;
}

async function startStaticServer(): Promise<{ server: Server; origin: string }> {
  const files = routes();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = files.get(path);
    if (path === '/') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html']! }).end(PAGE);
    } else if (file !== undefined) {
      const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': contentType }).end(readFileSync(file));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

const skipReason = chromiumAvailable() ? undefined : `no Chromium at ${CHROMIUM_PATH}`;
if (skipReason) console.warn(`face-detector e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('tasks-vision FaceDetector with BlazeFace short range', () => {
  let server: Server;
  let origin: string;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    prepareModels({ log: () => undefined }); // writes models/blazeface/ if missing or stale
    ({ server, origin } = await startStaticServer());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((closed) => server?.close(closed));
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
    const outcome = await detectWith('/models/unpatched.tflite');
    expect(outcome).toEqual({ error: expect.stringContaining('it requires specifying NormalizationOptions metadata') });
  });

  it('finds the 3 faces of sample1.jpg with the patched model', async () => {
    const outcome = await detectWith('/models/patched.tflite');
    expect(outcome).toMatchObject({ faces: 3 });
    if ('milliseconds' in outcome) console.info(`FaceDetector: 3 faces in ${outcome.milliseconds.toFixed(1)} ms`);
  });
});
