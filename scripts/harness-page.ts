/**
 * Opens a test or bench page that runs Raut's real engine code outside the extension: builds the
 * page with vite's JS API into a temporary folder, serves it on loopback together with the
 * extension's packaged files (at their packaged paths) and any extra folders, opens it in Debian's
 * Chromium and waits for the page to say it is ready.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, type GpuMode, type LaunchedBrowser } from '../tests/helpers/chromium.ts';
import { packagedAssetMounts } from './packaged-assets.ts';
import { prepareModels } from './prepare-models.ts';
import { serveFolders, type Mount, type StaticServer } from './static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface HarnessPageOptions {
  /** The page's source folder (with index.html). */
  root: string;
  /** More HTML entry points besides index.html, by name (e.g. one per iframe). */
  extraPages?: string[];
  /** More folders to serve, beside the packaged files and the page. */
  extraMounts?: Mount[];
  /** A global the page sets to true once it can be used, e.g. "harnessReady". */
  readyFlag: string;
  gpu?: GpuMode;
  chunkSizeWarningLimit?: number;
}

export interface HarnessPage {
  page: Page;
  /** Where the built page is served (loopback), e.g. to open it in another browser too. */
  origin: string;
  /** The browser's profile folder: names its process tree (scripts/bench/proc.ts browserPid). */
  userDataDir: string;
  close(): Promise<void>;
}

async function buildPage(options: HarnessPageOptions, outDir: string): Promise<void> {
  const pages = ['index', ...(options.extraPages ?? [])];
  await build({
    root: options.root,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: options.chunkSizeWarningLimit ?? 4000,
      rollupOptions: { input: Object.fromEntries(pages.map((name) => [name, join(options.root, `${name}.html`)])) },
    },
  });
}

export async function openHarnessPage(options: HarnessPageOptions): Promise<HarnessPage> {
  prepareModels({ log: () => undefined }); // models/ if missing or stale
  const pageDir = mkdtempSync(join(tmpdir(), 'raut-harness-page-'));
  let served: StaticServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async () => {
    await browser?.close();
    await served?.close();
    rmSync(pageDir, { recursive: true, force: true });
  };
  try {
    await buildPage(options, pageDir);
    served = await serveFolders([...packagedAssetMounts(ROOT), ...(options.extraMounts ?? []), { prefix: '/', dir: pageDir }]);
    browser = await launchChromium({ gpu: options.gpu ?? 'none' });
    const page = await browser.context.newPage();
    await page.goto(`${served.origin}/`);
    await page.waitForFunction(`window.${options.readyFlag} === true`);
    return { page, origin: served.origin, userDataDir: browser.userDataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
