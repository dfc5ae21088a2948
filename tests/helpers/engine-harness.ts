/**
 * Runs the engine harness page (tests/harness/engine-page) in Chromium: builds it with vite into a
 * temporary folder, serves it from a loopback server together with the files the engine fetches
 * (models/, tfjs and tasks-vision wasm) at the extension's packaged paths, and opens it.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { EncodedImage, EngineHarnessApi, PhotoScene } from '../harness/engine-page/api.ts';
import type { DetectedFace } from '../../src/offscreen/detector.ts';
import type { FrameAnalysis } from '../../src/shared/types.ts';
import { openHarnessPage } from '../../scripts/harness-page.ts';

export type { EncodedImage, PhotoScene };

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ROOT = join(ROOT, 'tests/harness/engine-page');

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
  const { page, close } = await openHarnessPage({ root: PAGE_ROOT, readyFlag: 'harnessReady' });
  return {
    classifyCrops: (crops) => callPage(page, 'classifyCrops', [crops]),
    analyseFrame: (frame, cropMargins) => callPage(page, 'analyseFrame', [frame, cropMargins]),
    analysePhoto: (jpeg, scene, cropMargins) =>
      callPage(page, 'analysePhoto', [Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).toString('base64'), scene, cropMargins]),
    detectFaces: (frame) => callPage(page, 'detectFaces', [frame]),
    close,
  };
}
