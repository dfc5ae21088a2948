/**
 * Launches Debian's Chromium (playwright-core; no browser download) for end-to-end tests,
 * optionally with the built extension loaded and a fake camera.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RAUT_CHROMIUM ?? '/usr/bin/chromium';
/** The built extension: dist/chrome, or RAUT_EXTENSION_DIR (a stable copy while others rebuild the shared checkout). */
export const EXTENSION_DIR = resolve(process.env.RAUT_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../dist/chrome'));

/**
 * none: no GPU at all (--disable-gpu). webgpu: WebGPU on whatever adapter the machine has (none on a
 * machine without a GPU). webgpu-swiftshader: WebGPU through SwiftShader, CPU emulation that proves
 * correctness, not speed.
 */
export type GpuMode = 'webgpu' | 'webgpu-swiftshader' | 'none';

export interface LaunchOptions {
  /** Load the built extension (dist/chrome). */
  extension?: boolean;
  /** Load this unpacked extension instead of dist/chrome (e.g. a deliberately broken copy). */
  extensionDir?: string;
  /** Answer camera prompts with "block" instead of "allow". */
  denyCamera?: boolean;
  /** A .y4m or .mjpeg file for the fake camera; synthetic pattern when omitted. */
  fakeVideo?: string;
  gpu?: GpuMode;
  extraArgs?: string[];
}

export interface LaunchedBrowser {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'raut-chromium-'));
  const args = [
    '--no-sandbox',
    '--use-fake-device-for-media-stream',
    options.denyCamera ? '--deny-permission-prompts' : '--use-fake-ui-for-media-stream',
    // Quiet the browser's own background traffic (updates, sync, model downloads) in tests.
    '--disable-component-update',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-features=OptimizationGuideModelDownloading,OptimizationHintsFetching,OptimizationTargetPrediction,OptimizationHints',
  ];
  if (options.fakeVideo) args.push(`--use-file-for-fake-video-capture=${options.fakeVideo}`);
  if (options.extension || options.extensionDir) {
    const dir = options.extensionDir ?? EXTENSION_DIR;
    if (!existsSync(join(dir, 'manifest.json'))) {
      throw new Error(`no built extension in ${dir}: run "npm run build" first`);
    }
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }
  if (options.gpu === 'webgpu-swiftshader') {
    args.push('--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan');
  } else if (options.gpu === 'webgpu') {
    args.push('--enable-unsafe-webgpu', '--enable-features=Vulkan');
  } else {
    args.push('--disable-gpu');
  }
  args.push(...(options.extraArgs ?? []));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    viewport: { width: 1000, height: 700 },
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
