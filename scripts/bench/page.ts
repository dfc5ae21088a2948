/**
 * Builds the bench page (tests/harness/bench-page) with vite's JS API into a temporary folder, serves
 * it with every file the three pipelines fetch, and opens it in Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, type GpuMode, type LaunchedBrowser } from '../../tests/helpers/chromium.ts';
import { prepareModels } from '../prepare-models.ts';
import { packagedAssetMounts } from '../packaged-assets.ts';
import { serveFolders, type Mount, type StaticServer } from '../static-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ROOT = join(ROOT, 'tests/harness/bench-page');
const PAGES = ['index', 'raut', 'faceapi', 'human'] as const;
const VLADMANDIC = join(ROOT, 'node_modules/@vladmandic');

/** URL prefix → folder. Raut's files sit at the extension's packaged paths (as in the engine harness). */
function mounts(pageDir: string): Mount[] {
  return [
    // All three pipelines bundle TensorFlow.js 4.22.0, the version of the packaged wasm backend.
    ...packagedAssetMounts(ROOT),
    { prefix: '/faceapi-models/', dir: join(VLADMANDIC, 'face-api/model') },
    { prefix: '/human-models/', dir: join(VLADMANDIC, 'human/models') },
    { prefix: '/photos/', dir: join(VLADMANDIC, 'face-api/demo') },
    { prefix: '/', dir: pageDir },
  ];
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    root: PAGE_ROOT,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: Object.fromEntries(PAGES.map((name) => [name, join(PAGE_ROOT, `${name}.html`)])) },
    },
  });
}

export interface BenchPage {
  page: Page;
  close(): Promise<void>;
}

export async function openBenchPage(gpu: GpuMode = 'none'): Promise<BenchPage> {
  prepareModels({ log: () => undefined });
  const pageDir = mkdtempSync(join(tmpdir(), 'raut-bench-page-'));
  let served: StaticServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async () => {
    await browser?.close();
    await served?.close();
    rmSync(pageDir, { recursive: true, force: true });
  };
  try {
    await buildPage(pageDir);
    served = await serveFolders(mounts(pageDir));
    browser = await launchChromium({ gpu });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(0);
    await page.goto(`${served.origin}/`);
    await page.waitForFunction('window.benchReady === true');
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
