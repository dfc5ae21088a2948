/**
 * Runs the engine harness page (tests/harness/engine-page) in Chromium: builds it with vite into a
 * temporary folder, serves it from a loopback server together with the files the engine fetches
 * (models/, tfjs and tasks-vision wasm) at the extension's packaged paths, and opens it.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AttentionMeasurement, EncodedImage, EngineHarnessApi, EngineRunOptions, EyeCropJitter, EyeTrainingSample, PhotoScene } from '../harness/engine-page/api.ts';
import type { DetectedFace } from '../../src/offscreen/detector.ts';
import type { DetectorDelegate, FrameAnalysis } from '../../src/shared/types.ts';
import { openHarnessPage } from '../../scripts/harness-page.ts';
import type { RawImage } from '../../scripts/eval/labeled-image.ts';

export type { AttentionMeasurement, EncodedImage, EngineRunOptions, EyeCropJitter, EyeTrainingSample, PhotoScene };

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ROOT = join(ROOT, 'tests/harness/engine-page');

export interface EngineHarness {
  classifyCrops(crops: EncodedImage[]): Promise<number[][]>;
  analyseFrame(frame: EncodedImage, cropMargins?: number[], options?: EngineRunOptions): Promise<FrameAnalysis[]>;
  analysePhoto(jpeg: Uint8Array, scene: PhotoScene, cropMargins?: number[], options?: EngineRunOptions): Promise<FrameAnalysis[]>;
  fetchedUrls(): Promise<string[]>;
  detectFaces(frame: EncodedImage, delegate?: DetectorDelegate): Promise<DetectedFace[]>;
  measureAttention(frame: EncodedImage): Promise<AttentionMeasurement>;
  measureAttentionPhoto(jpeg: Uint8Array, scene: PhotoScene): Promise<AttentionMeasurement>;
  eyeTrainingSamplesPhoto(jpeg: Uint8Array, scene: PhotoScene, jitter: EyeCropJitter): Promise<EyeTrainingSample[]>;
  close(): Promise<void>;
}

/** Packed RGBA bytes → what the page's functions take. */
export function encodeImage(width: number, height: number, rgba: Uint8Array): EncodedImage {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width}×${height} RGBA, got ${rgba.length} bytes`);
  return { width, height, rgbaBase64: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength).toString('base64') };
}

/** Gray or RGB bytes (a decoded photo or crop) → the RGBA a camera frame would carry. */
export function encodeRawImage(image: RawImage): EncodedImage {
  const pixels = image.width * image.height;
  const rgba = new Uint8Array(pixels * 4).fill(255);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) rgba[4 * p + c] = image.data[p * image.channels + (image.channels === 3 ? c : 0)] as number;
  }
  return encodeImage(image.width, image.height, rgba);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
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
  // Neither the face mesh nor the iris model is packaged (the engine uses neither); the harness
  // measures them, and the iris model teaches the eye net (scripts/eye-net-data.ts), from the npm package.
  const humanModels = resolve(ROOT, 'node_modules/@vladmandic/human/models');
  const extraMounts = [
    { prefix: '/models/facemesh/', dir: humanModels },
    { prefix: '/models/iris/', dir: humanModels },
  ];
  const { page, close } = await openHarnessPage({ root: PAGE_ROOT, readyFlag: 'harnessReady', extraMounts });
  return {
    classifyCrops: (crops) => callPage(page, 'classifyCrops', [crops]),
    analyseFrame: (frame, cropMargins, options) => callPage(page, 'analyseFrame', [frame, cropMargins, options]),
    analysePhoto: (jpeg, scene, cropMargins, options) =>
      callPage(page, 'analysePhoto', [base64(jpeg), scene, cropMargins, options]),
    fetchedUrls: () => callPage(page, 'fetchedUrls', []),
    detectFaces: (frame, delegate) => callPage(page, 'detectFaces', [frame, delegate]),
    measureAttention: (frame) => callPage(page, 'measureAttention', [frame]),
    measureAttentionPhoto: (jpeg, scene) =>
      callPage(page, 'measureAttentionPhoto', [base64(jpeg), scene]),
    eyeTrainingSamplesPhoto: (jpeg, scene, jitter) => callPage(page, 'eyeTrainingSamplesPhoto', [base64(jpeg), scene, jitter]),
    close,
  };
}
