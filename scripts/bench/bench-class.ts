/**
 * The class that parts 2–3 of the bench and the profiler run: Debian's Chromium on the fake face
 * camera (scripts/face-clips.ts) with a private copy of the built extension (the checkout is
 * shared, and a rebuild mid-run empties dist/), and the demo class server (scripts/demo-server.ts).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, launchChromium, type GpuMode, type LaunchedBrowser } from '../../tests/helpers/chromium.ts';
import { extensionId, extensionWorker, prepareExtension } from '../../tests/helpers/extension.ts';
import type { Settings } from '../../src/shared/types.ts';
import { startDemoServer, type DemoServer } from '../demo-server.ts';
import { faceClip } from '../face-clips.ts';

export interface BenchClass {
  browser: LaunchedBrowser;
  demo: DemoServer;
  /** Closes the browser and the server and removes the extension's copy. */
  close(): Promise<void>;
}

/**
 * `extraArgs`: more Chromium flags (the tracer's remote-debugging port); `gpu`: none, or WebGPU for a
 * webgpu run; `build`: the built extension to copy (two builds side by side: ab-builds.ts).
 */
export async function launchBenchClass(copyPrefix: string, extraArgs: string[] = [], gpu: GpuMode = 'none', build = EXTENSION_DIR): Promise<BenchClass> {
  const extensionDir = mkdtempSync(join(tmpdir(), copyPrefix));
  const removeCopy = () => rmSync(extensionDir, { recursive: true, force: true });
  cpSync(build, extensionDir, { recursive: true });
  const demo = await startDemoServer();
  let browser: LaunchedBrowser;
  try {
    browser = await launchChromium({ extensionDir, fakeVideo: faceClip(), extraArgs, gpu });
  } catch (error) {
    await demo.close();
    removeCopy();
    throw error;
  }
  return {
    browser,
    demo,
    async close() {
      await browser.close();
      await demo.close();
      removeCopy();
    },
  };
}

/** Gives Raut these settings (first run acknowledged), then joins the demo class in a new tab, camera on. */
export async function joinBenchClass({ browser, demo }: BenchClass, settings: Partial<Settings>): Promise<{ id: string; classPage: Page }> {
  const worker = await extensionWorker(browser.context);
  await prepareExtension(worker, settings);
  const classPage = await browser.context.newPage();
  await classPage.goto(`${demo.url}?autojoin`);
  return { id: extensionId(worker), classPage };
}
