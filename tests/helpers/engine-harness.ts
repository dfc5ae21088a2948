/**
 * Runs the engine harness page (tests/harness/engine-page) in Chromium: builds it with vite into a
 * temporary folder, serves it from a loopback server together with the files the engine fetches
 * (models/, tfjs and tasks-vision wasm) at the extension's packaged paths, and opens it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { EncodedImage, EngineHarnessApi, PhotoScene } from '../harness/engine-page/api.ts';
import type { DetectedFace } from '../../src/offscreen/detector.ts';
import type { FrameAnalysis } from '../../src/shared/types.ts';
import { prepareModels } from '../../scripts/prepare-models.ts';
import { packagedAssetMounts } from '../../scripts/packaged-assets.ts';
import { serveFolders, type Mount, type StaticServer } from '../../scripts/static-server.ts';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

export type { EncodedImage, PhotoScene };

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ROOT = join(ROOT, 'tests/harness/engine-page');

/** The extension's packaged files at their packaged paths, and the page itself. */
function assetFolders(pageDir: string): Mount[] {
  return [...packagedAssetMounts(ROOT), { prefix: '/', dir: pageDir }];
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    root: PAGE_ROOT,
    configFile: false,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  });
}

export interface EngineHarness {
  classifyCrops(crops: EncodedImage[]): Promise<number[][]>;
  analyseFrame(frame: EncodedImage, cropMargins?: number[]): Promise<FrameAnalysis[]>;
  analysePhoto(jpeg: Uint8Array, scene: PhotoScene, cropMargins?: number[]): Promise<FrameAnalysis[]>;
  detectFaces(frame: EncodedImage): Promise<DetectedFace[]>;
  close(): Promise<void>;
}

/** Packed RGBA bytes → what the page's functions take. */
export function encodeImage(width: number, height: number, rgba: Uint8Array): EncodedImage {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width}×${height} RGBA, got ${rgba.length} bytes`);
  return { width, height, rgbaBase64: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength).toString('base64') };
}

function callPage<Name extends keyof EngineHarnessApi>(page: Page, name: Name, args: Parameters<EngineHarnessApi[Name]>): ReturnType<EngineHarnessApi[Name]> {
  return page.evaluate(
    ([method, methodArgs]) => {
      const api = (window as unknown as { raut: Record<string, (...values: unknown[]) => unknown> }).raut;
      return api[method]!(...methodArgs);
    },
    [name, args] as [string, unknown[]],
  ) as ReturnType<EngineHarnessApi[Name]>;
}

export async function startEngineHarness(): Promise<EngineHarness> {
  prepareModels({ log: () => undefined }); // models/blazeface and models/human-emotion, if missing or stale
  const pageDir = mkdtempSync(join(tmpdir(), 'raut-engine-page-'));
  let served: StaticServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async () => {
    await browser?.close();
    await served?.close();
    rmSync(pageDir, { recursive: true, force: true });
  };
  try {
    await buildPage(pageDir);
    served = await serveFolders(assetFolders(pageDir));
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await page.goto(`${served.origin}/`);
    await page.waitForFunction('window.harnessReady === true');
    return {
      classifyCrops: (crops) => callPage(page, 'classifyCrops', [crops]),
      analyseFrame: (frame, cropMargins) => callPage(page, 'analyseFrame', [frame, cropMargins]),
      analysePhoto: (jpeg, scene, cropMargins) =>
        callPage(page, 'analysePhoto', [Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).toString('base64'), scene, cropMargins]),
      detectFaces: (frame) => callPage(page, 'detectFaces', [frame]),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
