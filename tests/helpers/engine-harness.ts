/**
 * Runs the engine harness page (tests/harness/engine-page) in Chromium: builds it with vite into a
 * temporary folder, serves it from a loopback server together with the files the engine fetches
 * (models/, tfjs and tasks-vision wasm) at the extension's packaged paths, and opens it.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AttentionMeasurement, EncodedImage, EngineHarnessApi, EngineRunOptions, PhotoScene } from '../harness/engine-page/api.ts';
import type { DetectedFace } from '../../src/offscreen/detector.ts';
import type { FrameAnalysis } from '../../src/shared/types.ts';
import { openHarnessPage } from '../../scripts/harness-page.ts';

export type { AttentionMeasurement, EncodedImage, EngineRunOptions, PhotoScene };

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ROOT = join(ROOT, 'tests/harness/engine-page');

export interface EngineHarness {
  classifyCrops(crops: EncodedImage[]): Promise<number[][]>;
  analyseFrame(frame: EncodedImage, cropMargins?: number[], options?: EngineRunOptions): Promise<FrameAnalysis[]>;
  analysePhoto(jpeg: Uint8Array, scene: PhotoScene, cropMargins?: number[], options?: EngineRunOptions): Promise<FrameAnalysis[]>;
  fetchedUrls(): Promise<string[]>;
  detectFaces(frame: EncodedImage): Promise<DetectedFace[]>;
  measureAttention(frame: EncodedImage): Promise<AttentionMeasurement>;
  measureAttentionPhoto(jpeg: Uint8Array, scene: PhotoScene): Promise<AttentionMeasurement>;
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
  // The face mesh is not packaged (the engine does not use it); the harness measures it from the npm package.
  const faceMesh = { prefix: '/models/facemesh/', dir: resolve(ROOT, 'node_modules/@vladmandic/human/models') };
  const { page, close } = await openHarnessPage({ root: PAGE_ROOT, readyFlag: 'harnessReady', extraMounts: [faceMesh] });
  return {
    classifyCrops: (crops) => callPage(page, 'classifyCrops', [crops]),
    analyseFrame: (frame, cropMargins, options) => callPage(page, 'analyseFrame', [frame, cropMargins, options]),
    analysePhoto: (jpeg, scene, cropMargins, options) =>
      callPage(page, 'analysePhoto', [Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).toString('base64'), scene, cropMargins, options]),
    fetchedUrls: () => callPage(page, 'fetchedUrls', []),
    detectFaces: (frame) => callPage(page, 'detectFaces', [frame]),
    measureAttention: (frame) => callPage(page, 'measureAttention', [frame]),
    measureAttentionPhoto: (jpeg, scene) =>
      callPage(page, 'measureAttentionPhoto', [Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).toString('base64'), scene]),
    close,
  };
}
