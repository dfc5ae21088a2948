/**
 * Debian's Firefox ESR with Raut installed, driven by puppeteer-core over WebDriver BiDi: for
 * `npm run demo -- --browser firefox` and the Firefox end-to-end tests. Firefox has no file-fed
 * fake camera, so `cameraClip` makes every page's camera a real face clip (see fakeCameraScript).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from './browser-targets.ts';

export const FIREFOX_PATH = process.env.RAUT_FIREFOX ?? '/usr/bin/firefox-esr';
const XVFB_PATH = '/usr/bin/Xvfb';

export function firefoxAvailable(): boolean {
  return existsSync(FIREFOX_PATH);
}

export function xvfbAvailable(): boolean {
  return existsSync(XVFB_PATH);
}


interface Display {
  name: string;
  stop(): void;
}

/**
 * Firefox on Linux gets WebGL (which the face detector needs) only from a display, even when
 * headless. Without one (CI), a private Xvfb serves, rendered in software by Mesa's llvmpipe.
 */
async function displayForFirefox(): Promise<Display | null> {
  if (process.env.DISPLAY) return { name: process.env.DISPLAY, stop: () => undefined };
  if (!existsSync(XVFB_PATH)) return null;
  const xvfb: ChildProcess = spawn(XVFB_PATH, ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    xvfb.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it gave a display`)));
    xvfb.once('error', reject);
  });
  return { name: `:${number}`, stop: () => xvfb.kill() };
}

export interface FirefoxWithRaut {
  browser: Browser;
  /** moz-extension://<uuid>/ — the extension's pages (popup, dashboard) live under it. */
  extensionBase: string;
  /** A new tab whose camera, if `cameraClip` was given, plays that clip. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface FirefoxOptions {
  extensionDir: string;
  headless?: boolean;
  /** Same-origin URL of a video the pages' getUserMedia should return instead of the fake device. */
  cameraClip?: string;
  /** Where downloads (Raut's exports) are saved without asking. */
  downloadDir?: string;
}

function downloadPrefs(dir: string | undefined): Record<string, unknown> {
  if (!dir) return {};
  return {
    'browser.download.folderList': 2,
    'browser.download.dir': dir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
  };
}

/**
 * Runs in the page before any of its scripts (and before Raut's MAIN-world hook wraps
 * getUserMedia): the camera becomes a canvas stream that plays `clipUrl` in a loop. A string,
 * not a function: tsx's transform would add helpers the page does not have.
 */
function fakeCameraScript(clipUrl: string): string {
  return `(() => {
    const original = MediaDevices.prototype.getUserMedia;
    MediaDevices.prototype.getUserMedia = async function getUserMedia(constraints) {
      if (!constraints || !constraints.video) return original.call(this, constraints);
      const video = document.createElement('video');
      video.src = ${JSON.stringify(clipUrl)};
      video.muted = true;
      video.loop = true;
      await video.play();
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext('2d');
      const draw = () => { context.drawImage(video, 0, 0); requestAnimationFrame(draw); };
      draw();
      return canvas.captureStream(15);
    };
  })();`;
}

export interface LaunchedFirefox {
  browser: Browser;
  close(): Promise<void>;
}

/** Firefox ESR with a display for WebGL (see displayForFirefox) and these prefs. */
export async function launchFirefox(options: { headless?: boolean; prefs?: Record<string, unknown> } = {}): Promise<LaunchedFirefox> {
  const display = await displayForFirefox();
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: options.headless ?? true,
      env: display ? { ...process.env, DISPLAY: display.name } : process.env,
      // WebDriver BiDi refuses to navigate to moz-extension:// pages (the popup) without it.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: options.prefs ?? {},
    })
    .catch((error: unknown) => {
      display?.stop();
      throw error;
    });
  return {
    browser,
    async close() {
      await browser.close();
      display?.stop();
    },
  };
}

export async function launchFirefoxWithRaut(options: FirefoxOptions): Promise<FirefoxWithRaut> {
  const uuid = randomUUID();
  const firefox = await launchFirefox({
    headless: options.headless,
    prefs: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // A known moz-extension:// origin, so the popup and dashboard can be opened as tabs.
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      ...downloadPrefs(options.downloadDir),
    },
  });
  try {
    await firefox.browser.installExtension(options.extensionDir);
  } catch (error) {
    await firefox.close();
    throw error;
  }
  const clip = options.cameraClip;
  return {
    browser: firefox.browser,
    extensionBase: `moz-extension://${uuid}/`,
    async newPage() {
      const page = await firefox.browser.newPage();
      if (clip) await page.evaluateOnNewDocument(fakeCameraScript(clip));
      return page;
    },
    close: () => firefox.close(),
  };
}
