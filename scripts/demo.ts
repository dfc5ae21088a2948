/**
 * `npm run demo`: builds Raut if needed and opens Debian's Chromium (or Firefox ESR) with the
 * extension loaded on the bundled demo class page, camera on. Options:
 *   --browser B    chrome (default) or firefox
 *   --video FILE   feed a real clip (.y4m/.mjpeg, or any video ffmpeg reads) as the camera
 *   --real-camera  use this machine's webcam (the default when there is a display)
 *   --webgpu       give Chromium a WebGPU adapter through SwiftShader (CPU emulation; Chromium only)
 *                  and choose WebGPU in Raut's settings ("auto" skips software adapters)
 *   --headless     no window (for machines without a display); prints the live status instead
 *   --port N       port for the demo page (default 8780)
 * Without a display and without --video, the camera shows a real face clip built from a photo
 * that a dependency ships (scripts/face-clips.ts), so the demo has a face to analyse.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { browserTargetFrom, type BrowserTarget } from './browser-targets';
import { DEMO_MEDIA_PREFIX, startDemoServer } from './demo-server';
import { faceClip, faceClipWebm, ffmpegAvailable } from './face-clips';
import { firefoxAvailable, FIREFOX_PATH, launchFirefoxWithRaut } from './firefox';

const root = resolve(import.meta.dirname, '..');
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

/**
 * The clip as the browser's camera can take it: Chromium's fake camera reads .y4m/.mjpeg only;
 * Firefox's page plays it (WebM). Anything else is converted with ffmpeg.
 */
function cameraFile(input: string, browser: BrowserTarget): string {
  const path = resolve(input);
  if (!existsSync(path)) fail(`no such video: ${path}`);
  const accepted = browser === 'firefox' ? ['.webm'] : ['.y4m', '.mjpeg'];
  if (accepted.includes(extname(path))) return path;
  const dir = join(tmpdir(), 'raut-demo');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${basename(path, extname(path))}${browser === 'firefox' ? '.webm' : '.y4m'}`);
  if (!existsSync(out)) {
    console.log(`Converting ${path} for the fake camera…`);
    const codec = browser === 'firefox' ? ['-c:v', 'libvpx', '-b:v', '1M', '-an'] : ['-pix_fmt', 'yuv420p'];
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', path, '-vf', 'scale=640:-2,fps=15', ...codec, out], { stdio: 'inherit' });
  }
  return out;
}

interface LiveStatus {
  camera: string;
  engine: { backend: string | null; state: string };
  lastAnalysis: { top: string | null; faceFound: boolean } | null;
}

function statusLine(status: LiveStatus): string {
  const face = status.lastAnalysis ? (status.lastAnalysis.faceFound ? `face: ${status.lastAnalysis.top ?? 'unknown'}` : 'no face') : 'waiting';
  return `camera ${status.camera} · engine ${status.engine.state} ${status.engine.backend ?? ''} · ${face}`;
}

function printStatusEvery2s(read: () => Promise<LiveStatus>): void {
  console.log('No display: running headless; live status every 2 s (Ctrl+C to stop).');
  setInterval(() => void read().then((status) => console.log(statusLine(status)), () => undefined), 2000);
}

interface DemoOptions {
  headless: boolean;
  video: string | undefined;
  realCamera: boolean;
  port: number;
}

async function runFirefox({ headless, video, realCamera, port }: DemoOptions): Promise<void> {
  if (!firefoxAvailable()) fail(`Firefox not found at ${FIREFOX_PATH}: install it with "sudo apt-get install firefox-esr"`);
  if (!realCamera && !video && !ffmpegAvailable()) fail('ffmpeg is needed to build the demo face clip: "sudo apt-get install ffmpeg"');
  const clip = realCamera ? null : video ? cameraFile(video, 'firefox') : faceClipWebm();
  console.log(clip ? `Camera: ${clip}` : "Camera: this machine's webcam.");
  const server = await startDemoServer(port, '127.0.0.1', clip ? dirname(clip) : undefined);
  const firefox = await launchFirefoxWithRaut({
    extensionDir: join(root, 'dist/firefox'),
    headless,
    cameraClip: clip ? `${new URL(server.url).origin}${DEMO_MEDIA_PREFIX}${basename(clip)}` : undefined,
  });
  const page = await firefox.newPage();
  await page.goto(`${server.url}?autojoin`);
  const popupUrl = `${firefox.extensionBase}src/popup/popup.html`;
  console.log(`Demo class: ${server.url}`);
  console.log(`Raut popup as a page: ${popupUrl}`);
  const stop = () => void firefox.close().then(() => server.close()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  firefox.browser.on('disconnected', stop);
  if (!headless) {
    console.log('Close the browser window to stop.');
    return;
  }
  const statusPage = await firefox.newPage();
  // BiDi reports no load event for moz-extension:// pages: do not wait for one.
  await statusPage.goto(popupUrl, { timeout: 3000 }).catch(() => undefined);
  printStatusEvery2s(() => statusPage.evaluate(() => chrome.runtime.sendMessage({ type: 'get-status' })) as Promise<LiveStatus>);
}

async function runChromium({ headless, video, realCamera, port }: DemoOptions): Promise<void> {
  if (!existsSync(chromiumPath)) fail(`Chromium not found at ${chromiumPath}: install it with "sudo apt-get install chromium"`);
  const extensionDir = join(root, 'dist/chrome');
  const args = ['--no-sandbox', `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
  if (!realCamera) {
    if (!video && !ffmpegAvailable()) fail('ffmpeg is needed to build the demo face clip: "sudo apt-get install ffmpeg"');
    const clip = video ? cameraFile(video, 'chrome') : faceClip();
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clip}`);
    console.log(`Camera: ${clip}`);
  } else {
    console.log('Camera: this machine\'s webcam (allow it when the class page asks).');
  }
  if (flag('--webgpu')) args.push('--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan');

  const server = await startDemoServer(port);
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'raut-demo-profile-')), {
    executablePath: chromiumPath,
    headless,
    args,
    viewport: null,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  if (flag('--webgpu')) {
    // As a student would in Settings: "auto" passes over SwiftShader, a GPU emulated on the CPU.
    await worker.evaluate(async () => {
      const stored = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(stored.settings ?? {}), backendPreference: 'webgpu' } });
    });
  }
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}?autojoin`);
  console.log(`Demo class: ${server.url}`);
  console.log(`Raut popup as a page: chrome-extension://${id}/src/popup/popup.html`);
  context.on('close', () => {
    void server.close().then(() => process.exit(0));
  });
  process.on('SIGINT', () => void context.close());
  if (!headless) {
    console.log('Close the browser window to stop.');
    return;
  }
  const statusPage = await context.newPage();
  await statusPage.goto(`chrome-extension://${id}/src/popup/popup.html`);
  printStatusEvery2s(() => statusPage.evaluate(() => chrome.runtime.sendMessage({ type: 'get-status' })) as Promise<LiveStatus>);
}

async function main(): Promise<void> {
  let browser: BrowserTarget;
  try {
    browser = browserTargetFrom(option('--browser'));
  } catch {
    fail(`--browser takes chrome or firefox, not "${option('--browser')}"`);
  }
  if (browser === 'firefox' && flag('--webgpu')) fail('--webgpu is for Chromium: Firefox gives extensions no WebGPU yet');
  ensureBuilt();
  const headless = flag('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
  const video = option('--video');
  const options: DemoOptions = { headless, video, realCamera: flag('--real-camera') || (!headless && !video), port: Number(option('--port') ?? 8780) };
  await (browser === 'firefox' ? runFirefox(options) : runChromium(options));
}

await main();
