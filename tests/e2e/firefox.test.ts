/**
 * Raut in Firefox (dist/firefox), end to end: Debian's firefox-esr driven by puppeteer-core over
 * WebDriver BiDi joins the demo class with a real face clip as the camera (scripts/firefox.ts),
 * the engine runs in the background page, samples land in IndexedDB, the popup shows them and
 * the session exports as JSON, CSV and text; a teacher's class on a real loopback hub, a student's
 * consent and the teacher view; History; retention; pausing; delete-all. Also: `web-ext lint` finds no errors in the build.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { spawnHub, type RunningHub } from '../../hub/spawn.ts';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceClipWebm, ffmpegAvailable } from '../../scripts/face-clips.ts';
import { firefoxAvailable, launchFirefoxWithRaut, xvfbAvailable, type FirefoxWithRaut } from '../../scripts/firefox.ts';
import { serveFolders, type StaticServer } from '../../scripts/static-server.ts';
import { CSV_COLUMNS, parseExport } from '../../src/shared/export.ts';
import { EXPRESSIONS } from '../../src/shared/taxonomy.ts';
import { readStoredData, seedStoredData, waitFor } from '../helpers/extension.ts';
import { endedSession, happySample } from '../helpers/records.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const EXTENSION_DIR = resolve(process.env.RAUT_FIREFOX_EXTENSION_DIR ?? join(ROOT, 'dist/firefox'));
const DAY = 24 * 60 * 60 * 1000;
const SCREENSHOTS = resolve(process.env.RAUT_SCREENSHOTS ?? join(ROOT, 'test-results/firefox'));

const missing = !firefoxAvailable()
  ? 'Debian firefox-esr is not installed (sudo apt-get install firefox-esr)'
  : !existsSync(join(EXTENSION_DIR, 'manifest.json'))
    ? `${EXTENSION_DIR} is not built (npm run build)`
    : !ffmpegAvailable()
      ? 'ffmpeg is needed to build the face clip (sudo apt-get install ffmpeg)'
      : !process.env.DISPLAY && !xvfbAvailable()
        ? 'no display and no Xvfb: Firefox would give the face detector no WebGL (sudo apt-get install xvfb)'
        : null;
if (missing) console.warn(`[skip] Firefox end to end: ${missing}`);

const textOf = (page: Page, testId: string) =>
  page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testId);

describe.skipIf(missing)('Raut in Firefox', () => {
  let server: StaticServer;
  let firefox: FirefoxWithRaut;
  let popup: Page;
  let downloads: string;
  let hub: RunningHub;

  /**
   * (Re)opens the popup. BiDi does not report load events of moz-extension:// pages, so leave
   * the old document first and then wait for the new one's own content.
   */
  async function openPopup(page: Page): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${firefox.extensionBase}src/popup/popup.html`, { waitUntil: 'domcontentloaded', timeout: 3000 }).catch(() => undefined);
    await page.waitForSelector('[data-testid="tab-live"]', { timeout: 30_000 });
  }

  beforeAll(async () => {
    const clip = faceClipWebm();
    server = await serveFolders(
      [
        { prefix: '/', dir: join(ROOT, 'demo') },
        { prefix: '/raut-demo/media/', dir: dirname(clip) },
      ],
      { port: 0, host: '127.0.0.1' },
    );
    downloads = mkdtempSync(join(tmpdir(), 'raut-firefox-downloads-'));
    hub = await spawnHub({ dataDir: mkdtempSync(join(tmpdir(), 'raut-firefox-hub-')) });
    firefox = await launchFirefoxWithRaut({ extensionDir: EXTENSION_DIR, cameraClip: `${server.origin}/raut-demo/media/${basename(clip)}`, downloadDir: downloads });
    popup = await firefox.newPage();
    await popup.goto(`${firefox.extensionBase}src/popup/popup.html`, { timeout: 3000 }).catch(() => undefined);
    await popup.waitForSelector('[data-testid="pause-toggle"]', { timeout: 30_000 });
    await popup.evaluate(() => chrome.storage.local.set({ firstRun: { firstRunAcknowledged: true } }));
    const classPage = await firefox.newPage();
    await classPage.goto(`${server.origin}/raut-demo/?autojoin`);
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
    await hub?.stop();
  });

  it('web-ext lint finds no errors in dist/firefox', async () => {
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', EXTENSION_DIR, '--no-config-discovery', '--output', 'json'], {
      maxBuffer: 1 << 24,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as { summary: { errors: number }; errors: { code: string; message: string }[] };
    expect(report.errors.map((error) => `${error.code}: ${error.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });

  it('finds the face in the class camera and stores samples in IndexedDB', async () => {
    const data = await waitFor(() => readStoredData(popup), (d) => d.samples.filter((s) => s.faceFound && s.probabilities).length >= 3, 120_000, 'face samples');
    expect(data.sessions.length).toBe(1);
    const faces = data.samples.filter((sample) => sample.faceFound && sample.probabilities);
    for (const sample of faces) {
      expect(sample.sessionId).toBe(data.sessions[0]!.id);
      expect(sample.probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      // Firefox extension pages have no WebGPU: the engine runs on webgl (or wasm without a GPU).
      expect(['webgl', 'wasm']).toContain(sample.backend);
    }
    // The clip is a broadly smiling face, as in Chromium's end-to-end run.
    expect(faces.filter((sample) => sample.top === 'happy').length / faces.length).toBeGreaterThan(0.5);
  });

  it('shows the live face, the session and History in the popup', async () => {
    await openPopup(popup);
    await expect.poll(() => textOf(popup, 'live-face'), { timeout: 30_000 }).toMatch(/face/i);
    await expect.poll(() => textOf(popup, 'live-backend'), { timeout: 30_000 }).toMatch(/webgl|webassembly/i);
    // The detector's delegate depends on the machine's GPU (detector-placement.ts); the line must name it either way.
    expect(await textOf(popup, 'live-backend')).toMatch(/face detector on (CPU|GPU)$/);
    await click('tab-session');
    await expect.poll(async () => Number((await textOf(popup, 'session-frames')).match(/\d+/)?.[0] ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => textOf(popup, 'session-impression'), { timeout: 30_000 }).toMatch(/good|bad/i);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await popup.setViewport({ width: 360, height: 600 });
    await popup.screenshot({ path: join(SCREENSHOTS, 'firefox-popup-session.png') });
    await click('tab-history');
    await expect.poll(() => count('[data-testid="history-item"]'), { timeout: 20_000 }).toBe(1);
  });

  it('exports the session as JSON, CSV and text files that parse', async () => {
    const data = await readStoredData(popup);
    await openPopup(popup);
    await click('tab-session');
    await popup.waitForSelector('[data-testid="export-json"]', { timeout: 30_000 });
    const download = async (testId: string, extension: string) => {
      await click(testId);
      // Firefox writes NAME.part and creates NAME (empty) beside it until the download completes.
      const complete = () => {
        const files = readdirSync(downloads);
        return files.find((file) => file.endsWith(extension) && !files.includes(`${file}.part`) && statSync(join(downloads, file)).size > 0);
      };
      const name = await waitFor(async () => complete(), (file) => file !== undefined, 20_000, `the ${extension} download`);
      return { name: name!, text: readFileSync(join(downloads, name!), 'utf8') };
    };
    const json = await download('export-json', '.json');
    expect(json.name).toMatch(/^raut-.*\.json$/);
    const parsed = parseExport(json.text);
    expect('session' in parsed && parsed.session.id).toBe(data.sessions[0]!.id);
    const csv = await download('export-csv', '.csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.length - 1).toBeGreaterThan(0);
    const text = await download('export-text', '.txt');
    for (const expression of EXPRESSIONS) expect(text.text.toLowerCase()).toContain(expression);
    expect(text.text).toMatch(/impression/i);
  });

  /**
   * Clicks and typing go through the DOM: BiDi's synthesised input is slow in extension pages.
   * An input gets its value and the input event Preact listens to, as typing would give it.
   */
  async function click(testId: string): Promise<void> {
    await popup.waitForSelector(`[data-testid="${testId}"]`, { timeout: 20_000 });
    await popup.evaluate((id) => (document.querySelector(`[data-testid="${id}"]`) as HTMLElement).click(), testId);
  }

  async function fill(testId: string, text: string): Promise<void> {
    await popup.waitForSelector(`[data-testid="${testId}"]`, { timeout: 20_000 });
    const typeAndRead = () =>
      popup.evaluate(
        async (id, value) => {
          const input = document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
          if (input.value !== value) {
            input.value = value;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }
          // A view that is still loading its stored values may overwrite the field: read it back later.
          await new Promise((resolve) => setTimeout(resolve, 300));
          return input.value;
        },
        testId,
        text,
      );
    await expect.poll(typeAndRead, { timeout: 10_000 }).toBe(text);
  }

  async function clickButtonNamed(name: string): Promise<void> {
    await popup.evaluate((label) => {
      const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === label);
      if (!button) throw new Error(`no button "${label}"`);
      button.click();
    }, name);
  }

  const count = (selector: string) => popup.evaluate((css) => document.querySelectorAll(css).length, selector);

  it('a teacher creates a class on a real hub, a student consents, and the teacher view lists the student', async () => {
    await openPopup(popup);
    await click('mode-teacher');
    await popup.waitForSelector('[data-testid="teacher-hub"]', { timeout: 10_000 });
    await fill('teacher-hub', hub.url);
    await fill('teacher-class-name', 'Biologi 8a');
    await click('teacher-create');
    await expect.poll(() => textOf(popup, 'teacher-code'), { timeout: 20_000 }).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    const code = await textOf(popup, 'teacher-code');

    await click('mode-student');
    await click('tab-share');
    await fill('share-hub', hub.url);
    await fill('share-code', code);
    await fill('share-name', 'Siti');
    // The consent box only works once the preview of exactly what is sent is on screen.
    await expect.poll(() => count('[data-testid="share-preview"]'), { timeout: 20_000 }).toBe(1);
    await click('share-consent');
    await click('share-start');
    await expect.poll(() => count('[data-testid="share-item"]'), { timeout: 20_000 }).toBe(1);

    await click('mode-teacher');
    await expect.poll(() => popup.evaluate(() => [...document.querySelectorAll('[data-testid="teacher-participant-name"]')].map((cell) => cell.textContent)), { timeout: 30_000 }).toEqual([
      'Siti',
    ]);
    await click('mode-student');
  });

  it('a shortened retention deletes an old session at once and keeps the running one', async () => {
    const running = (await readStoredData(popup)).sessions.map((session) => session.id);
    const longAgo = Date.now() - 20 * DAY;
    await seedStoredData(popup, { sessions: [endedSession('old', longAgo)], samples: [happySample('old', longAgo + 1000)] });
    await openPopup(popup);
    await click('tab-settings');
    await popup.waitForSelector('#retention-days', { timeout: 20_000 });
    await popup.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#retention-days')!;
      input.value = '7';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const data = await waitFor(() => readStoredData(popup), (d) => !d.sessions.some((session) => session.id === 'old'), 20_000, 'the old session to be deleted');
    expect(data.samples.some((sample) => sample.sessionId === 'old')).toBe(false);
    expect(data.sessions.map((session) => session.id)).toEqual(running);
  });

  it('pauses from the popup: nothing is analysed while paused, and analysis resumes', async () => {
    await openPopup(popup);
    await click('pause-toggle');
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a frame in flight may still land
    const before = (await readStoredData(popup)).samples.length;
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect((await readStoredData(popup)).samples.length).toBe(before);
    await click('pause-toggle');
    await waitFor(() => readStoredData(popup), (data) => data.samples.length > before, 60_000, 'analysis to resume');
  });

  it('"Delete all my data" empties IndexedDB', async () => {
    await openPopup(popup);
    await click('pause-toggle'); // no new samples while checking
    await click('mode-student');
    await click('tab-settings');
    // Firefox gives extensions no WebGPU: the settings say so instead of offering it.
    await expect.poll(() => textOf(popup, 'backend-no-webgpu')).toMatch(/no WebGPU/);
    expect(await popup.evaluate(() => [...document.querySelectorAll<HTMLOptionElement>('#backend option')].find((option) => option.value === 'webgpu')?.disabled)).toBe(true);
    await popup.screenshot({ path: join(SCREENSHOTS, 'firefox-popup-settings.png') });
    await clickButtonNamed('Delete all my data');
    await clickButtonNamed('Delete everything');
    await waitFor(() => readStoredData(popup), (data) => data.samples.length === 0 && data.sessions.length === 0, 20_000, 'everything deleted');
  });
});
