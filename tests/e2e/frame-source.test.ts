/**
 * The hook reads camera frames from their YUV planes into small I420 frames (src/shared/yuv.ts)
 * instead of drawing them on a canvas; in real Chromium, on its fake camera, the engine's RGBA of
 * such a frame must be the picture the canvas gives. And the hook's clone of the class's track takes
 * only the frames the sampling needs, while the class's track keeps its rate.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarnessPage, type HarnessPage } from '../../scripts/harness-page.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { clonedFrameRate } from '../../src/content/frame-source.ts';
import type { FrameComparison, RateCount } from '../harness/frame-page/main.ts';

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

  it('take only the frames the sampling needs from their clone, and leave the class its full rate', async () => {
    const seconds = 2;
    const count = (await harness.page.evaluate(`window.countFrameRates(1, ${seconds * 1000})`)) as RateCount;
    console.log(`frames in ${seconds} s: hook's clone ${count.sourceFrames}, class track ${count.classFrames}`);
    // At 1 sample a second the clone is limited to clonedFrameRate(1) = 2 frames a second; Chromium
    // keeps whole camera frames, so from a 20 frames/s fake camera that is every 7th (≈ 2.9 a second).
    // Without the limit the clone gets every frame the class gets (≈ 40 here).
    expect(count.sourceFrames).toBeLessThanOrEqual(1.5 * clonedFrameRate(1) * seconds + 2);
    expect(count.sourceFrames).toBeGreaterThanOrEqual(2);
    expect(count.classFrames).toBeGreaterThan(3 * count.sourceFrames);
    expect(count.classFrameRateAfter).toBe(count.classFrameRateBefore);
  });
});
