/**
 * Builds the bench page (tests/harness/bench-page) with vite's JS API into a temporary folder, serves
 * it with every file the three pipelines fetch, and opens it in Debian's Chromium.
 */
import { join, resolve } from 'node:path';
import type { GpuMode } from '../../tests/helpers/chromium.ts';
import { openHarnessPage, type HarnessPage } from '../harness-page.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VLADMANDIC = join(ROOT, 'node_modules/@vladmandic');

export type BenchPage = HarnessPage;

/**
 * One page with one iframe per pipeline (face-api and human each bundle their own TensorFlow.js).
 * All three pipelines bundle TensorFlow.js 4.22.0, the version of the packaged wasm backend.
 */
export async function openBenchPage(gpu: GpuMode = 'none'): Promise<BenchPage> {
  const bench = await openHarnessPage({
    root: join(ROOT, 'tests/harness/bench-page'),
    extraPages: ['raut', 'faceapi', 'human'],
    extraMounts: [
      { prefix: '/faceapi-models/', dir: join(VLADMANDIC, 'face-api/model') },
      { prefix: '/human-models/', dir: join(VLADMANDIC, 'human/models') },
      { prefix: '/photos/', dir: join(VLADMANDIC, 'face-api/demo') },
    ],
    readyFlag: 'benchReady',
    gpu,
    chunkSizeWarningLimit: 8000,
  });
  bench.page.setDefaultTimeout(0);
  return bench;
}
