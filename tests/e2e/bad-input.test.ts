/**
 * Bad input, end to end: each case must give the student a clear message and lose nothing.
 * A corrupt model file, a camera the student blocked, a camera with no face in view, and
 * malformed messages from a page and from an extension page.
 */
import { cpSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server';
import { chromiumAvailable, EXTENSION_DIR, launchChromium, type LaunchedBrowser } from '../helpers/chromium';
import { extensionId, extensionWorker, openExtensionPage, prepareExtension, readStoredData, waitFor } from '../helpers/extension';
import type { LiveStatus } from '../../src/shared/types';
import { ffmpegAvailable, noFaceClip } from '../../scripts/face-clips';

const missing = !chromiumAvailable() ? 'Debian chromium is not installed' : !ffmpegAvailable() ? 'ffmpeg is not installed' : null;
if (missing) console.warn(`[skip] bad-input end-to-end: ${missing}`);

async function liveStatus(page: Page): Promise<LiveStatus & { droppedMessages: number }> {
  return page.evaluate(() => chrome.runtime.sendMessage({ type: 'get-status' }));
}

describe.skipIf(missing !== null).sequential('bad input', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer();
  });
  afterAll(async () => {
    await demo?.close();
  });

  describe.sequential('a corrupt expression model', () => {
    let browser: LaunchedBrowser;
    let brokenDir: string;
    beforeAll(() => {
      brokenDir = mkdtempSync(join(tmpdir(), 'raut-broken-'));
      cpSync(EXTENSION_DIR, brokenDir, { recursive: true });
      truncateSync(join(brokenDir, 'models/human-emotion/emotion.bin'), 1000);
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(brokenDir, { recursive: true, force: true });
    });

    it('says so in the popup and the badge instead of stopping silently', async () => {
      browser = await launchChromium({ extensionDir: brokenDir });
      const worker = await extensionWorker(browser.context);
      const id = extensionId(worker);
      await prepareExtension(worker, { backendPreference: 'wasm' });
      const popup = await openExtensionPage(browser.context, id, 'src/popup/popup.html');
      const classPage = await browser.context.newPage();
      await classPage.goto(`${demo.url}?autojoin`);
      const status = await waitFor(() => liveStatus(popup), (s) => s.engine.state === 'error', 90_000, 'the engine error');
      expect(status.engine.message).toMatchObject({ key: 'engine_expressionModelMissing', params: { model: 'human-emotion' } });
      await popup.reload();
      await expect.poll(() => popup.getByTestId('status').textContent(), { timeout: 15_000 }).toMatch(/engine error/i);
      await expect.poll(() => popup.locator('body').textContent(), { timeout: 15_000 }).toMatch(/could not be loaded/);
      const badge = await worker.evaluate(async (tabId) => chrome.action.getBadgeText({ tabId }), status.tabId!);
      expect(badge).toBe('!');
      const stored = await readStoredData(popup);
      expect(stored.samples).toEqual([]); // nothing half-analysed is stored
    });
  });

  describe.sequential('a camera the student blocked', () => {
    let browser: LaunchedBrowser;
    afterAll(async () => {
      await browser?.close();
    });

    it('explains that Raut only reads the camera the class opens', async () => {
      browser = await launchChromium({ extension: true, denyCamera: true });
      const worker = await extensionWorker(browser.context);
      const id = extensionId(worker);
      await prepareExtension(worker);
      const popup = await openExtensionPage(browser.context, id, 'src/popup/popup.html');
      const classPage = await browser.context.newPage();
      await classPage.goto(`${demo.url}?autojoin`);
      await expect.poll(() => classPage.locator('#state').textContent(), { timeout: 20_000 }).toMatch(/could not open the camera/i);
      const status = await waitFor(() => liveStatus(popup), (s) => s.camera === 'denied', 20_000, 'the denied camera to be reported');
      expect(status.analysing).toBe(false);
      await popup.reload();
      await expect.poll(() => popup.locator('body').textContent(), { timeout: 15_000 }).toMatch(/allow the camera/i);
    });
  });

  describe.sequential('no face in view, and malformed messages', () => {
    let browser: LaunchedBrowser;
    let popup: Page;
    let classPage: Page;
    afterAll(async () => {
      await browser?.close();
    });

    it('records frames without a face as "not detected" and says so', async () => {
      browser = await launchChromium({ extension: true, fakeVideo: noFaceClip() });
      const worker = await extensionWorker(browser.context);
      const id = extensionId(worker);
      await prepareExtension(worker, { backendPreference: 'wasm' });
      popup = await openExtensionPage(browser.context, id, 'src/popup/popup.html');
      classPage = await browser.context.newPage();
      await classPage.goto(`${demo.url}?autojoin`);
      const data = await waitFor(() => readStoredData(popup), (d) => d.samples.length >= 3, 90_000, 'three samples');
      for (const sample of data.samples) {
        expect(sample).toMatchObject({ faceFound: false, faceCount: 0, probabilities: null, top: null, box: null });
      }
      await popup.reload();
      await expect.poll(() => popup.getByTestId('live-face').textContent(), { timeout: 15_000 }).toMatch(/no face/i);
    });

    it('drops malformed messages, counts them, and keeps working', async () => {
      const before = await liveStatus(popup);
      // From the class page: garbage that claims to come from the hook.
      await classPage.evaluate(() => {
        window.postMessage({ source: 'raut-hook', type: 'frame', frame: { width: 10, height: 10, data: new ArrayBuffer(3), time: 1 } }, '*');
        window.postMessage({ source: 'raut-hook', type: 'camera', state: 'exploded', detail: 1 }, '*');
      });
      // From an extension page: unknown and malformed requests get no answer.
      const answers = await popup.evaluate(async () => [
        await chrome.runtime.sendMessage({ type: 'no-such-request' }).catch((e: Error) => `error: ${e.message}`),
        await chrome.runtime.sendMessage({ type: 'set-paused', paused: 'yes' }).catch((e: Error) => `error: ${e.message}`),
        await chrome.runtime.sendMessage('just a string').catch((e: Error) => `error: ${e.message}`),
      ]);
      for (const answer of answers) expect(answer === undefined || String(answer).startsWith('error:')).toBe(true);
      const after = await liveStatus(popup);
      expect(after.droppedMessages).toBeGreaterThanOrEqual(before.droppedMessages + 3);
      expect(after.paused).toBe(false);
      const count = (await readStoredData(popup)).samples.length;
      await waitFor(() => readStoredData(popup), (d) => d.samples.length > count, 30_000, 'analysis to go on');
    });
  });
});
