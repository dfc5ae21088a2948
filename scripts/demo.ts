/**
 * `npm run demo`: builds Raut if needed and opens Debian's Chromium with the extension loaded on
 * the bundled demo class page, camera on. Options:
 *   --video FILE   feed a real clip (.y4m/.mjpeg, or any video ffmpeg reads) as the camera
 *   --real-camera  use this machine's webcam (the default when there is a display)
 *   --webgpu       give Chromium a WebGPU adapter through SwiftShader (CPU emulation)
 *   --headless     no window (for machines without a display); prints the live status instead
 *   --port N       port for the demo page (default 8780)
 * Without a display and without --video, the camera shows a real face clip built from a photo
 * that a dependency ships (scripts/face-clips.ts), so the demo has a face to analyse.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from './demo-server';
import { faceClip, ffmpegAvailable } from './face-clips';

const root = resolve(import.meta.dirname, '..');
const extensionDir = join(root, 'dist/chrome');
const chromiumPath = process.env.RAUT_CHROMIUM ?? '/usr/bin/chromium';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}
const flag = (name: string) => process.argv.includes(name);

function fail(message: string): never {
  console.error(`raut demo: ${message}`);
  process.exit(1);
}

function ensureBuilt(): void {
  if (!existsSync(join(root, 'node_modules'))) {
    console.log('Installing dependencies (npm ci)…');
    if (spawnSync('npm', ['ci'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('npm ci failed');
  }
  console.log('Building the extension…');
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('the build failed');
}

/** Chromium's fake camera reads .y4m/.mjpeg only: convert anything else with ffmpeg. */
function cameraFile(input: string): string {
  const path = resolve(input);
  if (!existsSync(path)) fail(`no such video: ${path}`);
  if (['.y4m', '.mjpeg'].includes(extname(path))) return path;
  const dir = join(tmpdir(), 'raut-demo');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${basename(path, extname(path))}.y4m`);
  if (!existsSync(out)) {
    console.log(`Converting ${path} for the fake camera…`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', path, '-vf', 'scale=640:-2,fps=15', '-pix_fmt', 'yuv420p', out], { stdio: 'inherit' });
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) fail(`Chromium not found at ${chromiumPath}: install it with "sudo apt-get install chromium"`);
  ensureBuilt();
  const headless = flag('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
  const args = ['--no-sandbox', `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
  const video = option('--video');
  const realCamera = flag('--real-camera') || (!headless && !video);
  if (!realCamera) {
    if (!video && !ffmpegAvailable()) fail('ffmpeg is needed to build the demo face clip: "sudo apt-get install ffmpeg"');
    const clip = video ? cameraFile(video) : faceClip();
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clip}`);
    console.log(`Camera: ${clip}`);
  } else {
    console.log('Camera: this machine\'s webcam (allow it when the class page asks).');
  }
  if (flag('--webgpu')) args.push('--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan');

  const server = await startDemoServer(Number(option('--port') ?? 8780));
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'raut-demo-profile-')), {
    executablePath: chromiumPath,
    headless,
    args,
    viewport: null,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}?autojoin`);
  console.log(`Demo class: ${server.url}`);
  console.log(`Raut popup as a page: chrome-extension://${id}/src/popup/popup.html`);
  if (headless) {
    console.log('No display: running headless; live status every 2 s (Ctrl+C to stop).');
    const statusPage = await context.newPage();
    await statusPage.goto(`chrome-extension://${id}/src/popup/popup.html`);
    setInterval(() => {
      void statusPage
        .evaluate(() => chrome.runtime.sendMessage({ type: 'get-status' }))
        .then((status: { camera: string; engine: { backend: string | null; state: string }; lastAnalysis: { top: string | null; faceFound: boolean } | null }) =>
          console.log(
            `camera ${status.camera} · engine ${status.engine.state} ${status.engine.backend ?? ''} · ` +
              (status.lastAnalysis ? (status.lastAnalysis.faceFound ? `face: ${status.lastAnalysis.top ?? 'unknown'}` : 'no face') : 'waiting'),
          ),
        );
    }, 2000);
  } else {
    console.log('Close the browser window to stop.');
  }
  context.on('close', () => {
    void server.close().then(() => process.exit(0));
  });
  process.on('SIGINT', () => void context.close());
}

await main();
