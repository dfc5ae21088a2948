/**
 * The hook reads camera frames from their YUV planes into small I420 frames (src/shared/yuv.ts)
 * instead of drawing them on a canvas; in real Chromium, on its fake camera, the engine's RGBA of
 * such a frame must be the picture the canvas gives.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarnessPage, type HarnessPage } from '../../scripts/harness-page.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import type { FrameComparison } from '../harness/frame-page/main.ts';

describe.skipIf(!chromiumAvailable())('camera frames from YUV planes', () => {
  let harness: HarnessPage;
  beforeAll(async () => {
    harness = await openHarnessPage({ root: resolve(import.meta.dirname, '../harness/frame-page'), readyFlag: 'frameHarnessReady' });
  });
  afterAll(async () => {
    await harness?.close();
  });

  for (const width of [320, 200, 640]) {
    it(`match the canvas route at ${width} px wide`, async () => {
      const result = (await harness.page.evaluate(`window.compareFrameRoutes(${width})`)) as FrameComparison;
      expect(result.format).toMatch(/^(I420|NV12)$/);
      expect(result.rawFormat).toBe('i420');
      expect(result.planes).toEqual(result.canvas);
      // Chroma is sampled, not filtered, so sharp colour edges differ a little; the picture does not.
      expect(result.meanAbsDifference).toBeLessThan(2.5);
    });
  }
});
