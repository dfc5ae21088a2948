/**
 * Part 1 in Firefox: Raut's pipeline on the same bench page and frames, in Debian's Firefox ESR
 * (wasm backend, as the Firefox build runs it), right after Chromium's run in the same bench.
 * Firefox has no WebGPU for extensions, so only wasm is compared.
 */
import type { BenchPageApi, BenchRequest } from '../../tests/harness/bench-page/api.ts';
import { firefoxAvailable, launchFirefox, xvfbAvailable } from '../firefox.ts';
import type { LabelledFrame } from './frames.ts';
import { summarise, type PipelineSummary } from './pipelines.ts';

/** Why Firefox cannot be measured here, or null when it can. */
export function firefoxUnavailable(): string | null {
  if (!firefoxAvailable()) return 'Debian firefox-esr is not installed (sudo apt-get install firefox-esr)';
  if (!process.env.DISPLAY && !xvfbAvailable()) return 'no display and no Xvfb: Firefox would give the face detector no WebGL';
  return null;
}

/** Runs only the raut pipeline of the bench page served at `origin`, in Firefox. */
export async function benchRautInFirefox(origin: string, request: BenchRequest, frames: readonly LabelledFrame[]): Promise<PipelineSummary> {
  const firefox = await launchFirefox();
  try {
    const page = await firefox.browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
    const result = await page.evaluate((sent) => (window as unknown as { bench: BenchPageApi }).bench.run(sent), { ...request, pipelines: ['raut'] } satisfies BenchRequest);
    const [raut] = summarise(result, frames);
    if (!raut) throw new Error('Firefox returned no raut results');
    return raut;
  } finally {
    await firefox.close();
  }
}
