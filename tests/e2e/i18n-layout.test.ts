/**
 * Raut in Bahasa Indonesia (issue 8), in Debian's Chromium with the built extension: the language
 * is set to `id` in Settings' storage, the popup (360 px wide) shows real sessions written through
 * the extension's own IndexedDB, the dashboard shows a real hub's class with three sharing
 * students, and nothing overflows horizontally, however much longer the Indonesian words are.
 * Switching back to English in the popup re-words it at once, and the badge's tooltip follows.
 *
 * Screenshots go to test-results/i18n/ (override with RAUT_SCREENSHOTS); RAUT_EXTENSION_DIR
 * loads a copy of dist/chrome, so a concurrent build cannot pull the extension away mid-test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type RunningHub } from '../../hub/spawn';
import type { SampleRecord, SessionRecord } from '../../src/shared/types';
import { EXPRESSIONS, type Expression } from '../../src/shared/taxonomy';
import { chromiumAvailable, EXTENSION_DIR, launchChromium, type LaunchedBrowser } from '../helpers/chromium';
import { extensionId, extensionWorker, openExtensionPage, prepareExtension, readStoredData, waitFor } from '../helpers/extension';
import { makeFaceSample, makeSample, makeSession, makeUnknownFaceSample } from '../helpers/records';

const missing = chromiumAvailable() ? null : 'Debian chromium is not installed';
if (missing) console.warn(`[skip] i18n layout end-to-end: ${missing}`);

const SCREENSHOTS = resolve(process.env.RAUT_SCREENSHOTS ?? resolve(import.meta.dirname, '../../test-results/i18n'));
const EXTENSION = process.env.RAUT_EXTENSION_DIR ?? EXTENSION_DIR;
const POPUP_WIDTH = 360;
const ID = JSON.parse(readFileSync(join(EXTENSION, '_locales/id/messages.json'), 'utf8')) as Record<string, { message: string }>;
const EN = JSON.parse(readFileSync(join(EXTENSION, '_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
const id = (key: string) => ID[key]!.message;

const MINUTE = 60_000;

/** Three minutes of a class: the given expressions in turn, a few frames without a face and a few unclear ones. */
function classRecords(
  sessionId: string,
  startedAt: number,
  status: 'ended' | 'active',
  expressions: readonly Expression[] = EXPRESSIONS,
): { session: SessionRecord; samples: SampleRecord[] } {
  const samples: SampleRecord[] = [];
  for (let i = 0; i < 150; i++) {
    const time = startedAt + i * 1200;
    const base = { sessionId, time, backend: 'wasm' as const };
    if (i % 17 === 0) samples.push(makeSample(base));
    else if (i % 41 === 0) samples.push(makeUnknownFaceSample('too-dark', base));
    else samples.push(makeFaceSample(expressions[i % expressions.length]!, base));
  }
  const last = samples.at(-1)!.time;
  const session = makeSession({
    id: sessionId,
    title: 'Matematika Kelas 7B: Pecahan dan Perbandingan Senilai',
    url: 'http://127.0.0.1/raut-demo/',
    startedAt,
    lastSampleAt: last,
    endedAt: status === 'ended' ? last + 1000 : null,
    status,
    endReason: status === 'ended' ? 'tab closed' : null,
    sampleCount: samples.length,
    backend: 'wasm',
    modelId: 'human-emotion',
  });
  return { session, samples };
}

/** Writes records through the extension's own origin, into the database its worker opened. */
async function seed(page: Page, records: { session: SessionRecord; samples: SampleRecord[] }[]): Promise<void> {
  await page.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('raut');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['sessions', 'samples'], 'readwrite');
    for (const { session, samples } of records) {
      tx.objectStore('sessions').put(session);
      for (const sample of samples) tx.objectStore('samples').add(sample);
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, records);
}

interface Overflow {
  element: string;
  scrollWidth: number;
  clientWidth: number;
}

/** Scroll containers by design: the upload preview (<pre>, a JSON body with long lines). */
const SCROLLS_BY_DESIGN = ['pre.share-preview__body'];

/**
 * Every element whose content is wider than its box, and the document's own width. Text cut
 * with an ellipsis on purpose (a long class title, a student's long name, each with its full
 * text as a tooltip) is clipped, not overflowing, as is screen-reader-only text; `scrolls` lists
 * containers that scroll on purpose.
 */
async function horizontalOverflow(page: Page, scrolls: readonly string[]): Promise<{ documentWidth: number; overflowing: Overflow[] }> {
  return page.evaluate((scrolls) => {
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 60)}"`;
    const overflowing: { element: string; scrollWidth: number; clientWidth: number }[] = [];
    for (const element of document.querySelectorAll('body *')) {
      if (!(element instanceof HTMLElement) || element.clientWidth === 0) continue;
      if (scrolls.some((selector) => element.matches(selector))) continue;
      if (element.matches('.visually-hidden')) continue; // for screen readers: a 1 px clipped box by design
      const style = getComputedStyle(element);
      if (style.textOverflow === 'ellipsis' && style.overflowX === 'hidden' && element.title === element.textContent?.trim()) continue;
      // One pixel of slack for sub-pixel rounding.
      if (element.scrollWidth > element.clientWidth + 1) {
        overflowing.push({ element: describe(element), scrollWidth: element.scrollWidth, clientWidth: element.clientWidth });
      }
    }
    return { documentWidth: document.documentElement.scrollWidth, overflowing };
  }, scrolls);
}

describe.skipIf(missing !== null).sequential('Raut in Bahasa Indonesia, popup at 360 px and dashboard', () => {
  let browser: LaunchedBrowser;
  let worker: Worker;
  let extension: string;
  let popup: Page;
  let hub: RunningHub;
  let hubData: string;
  let classCode = '';

  async function expectNoOverflow(page: Page, name: string, width: number, scrolls = SCROLLS_BY_DESIGN): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    const { documentWidth, overflowing } = await horizontalOverflow(page, scrolls);
    expect(overflowing, name).toEqual([]);
    expect(documentWidth, name).toBeLessThanOrEqual(width);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    hubData = mkdtempSync(join(tmpdir(), 'raut-i18n-hub-'));
    hub = await spawnHub({ dataDir: hubData });
    browser = await launchChromium({ extension: true, extensionDir: EXTENSION });
    worker = await extensionWorker(browser.context);
    extension = extensionId(worker);
    await prepareExtension(worker, { language: 'id' });
    popup = await openExtensionPage(browser.context, extension, 'src/popup/popup.html');
    await popup.setViewportSize({ width: POPUP_WIDTH, height: 600 });
    await waitFor(() => readStoredData(popup), () => true, 10_000, 'the database');
    const now = Date.now();
    await seed(popup, [classRecords('earlier', now - 2 * 24 * 3_600_000, 'ended'), classRecords('today', now - 3 * MINUTE, 'ended', ['happy', 'neutral', 'neutral', 'surprise', 'sad', ...EXPRESSIONS])]);

    // A class on a real hub with three sharing students, so the dashboard shows its timeline.
    const post = async (path: string, body: unknown, token?: string, method = 'POST') => {
      const response = await fetch(`${hub.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };
    const created = await post('/classes', { name: 'Bahasa Indonesia Kelas 8A', meetingLink: 'https://meet.google.com/abc-defg-hij' });
    classCode = created.code;
    const firstMinute = Math.floor(now / MINUTE) * MINUTE - 4 * MINUTE;
    const students = ['Siti Nurhaliza Rahmawati', 'Budi', 'Ayu Lestari'];
    for (const [index, displayName] of students.entries()) {
      const joined = await post(`/classes/${classCode}/join`, { displayName });
      const minutes = [0, 1, 2, 3].map((m) => ({
        minute: firstMinute + m * MINUTE,
        samples: 60,
        positive: 20 + index,
        neutral: 25,
        negative: 5,
        notDetected: 8 - index,
        unknown: 2,
        meanEngagement: 0.5 + index / 10,
        topExpression: 'neutral',
        interested: 35,
        notInterested: 12,
      }));
      await post(`/classes/${classCode}/students/me/minutes`, { minutes }, joined.studentToken, 'PUT');
    }
    await popup.evaluate(
      async ({ hubUrl, created }) => {
        await chrome.storage.local.set({
          teacherHubUrl: hubUrl,
          teacherClasses: [
            {
              hubUrl,
              code: created.code,
              classId: created.classId,
              name: 'Bahasa Indonesia Kelas 8A',
              meetingLink: 'https://meet.google.com/abc-defg-hij',
              teacherSecret: created.teacherSecret,
              createdAt: Date.now(),
              closedAt: null,
            },
          ],
        });
      },
      { hubUrl: hub.url, created },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    if (hubData) rmSync(hubData, { recursive: true, force: true });
  });

  it('speaks Indonesian from the same message files, with Indonesian numbers', async () => {
    await popup.reload();
    await expect.poll(() => popup.evaluate(() => document.documentElement.lang), { timeout: 10_000 }).toMatch(/^id/);
    const tabs = await popup.getByRole('tab').allTextContents();
    expect(tabs).toEqual(['tab_live', 'tab_session', 'tab_history', 'tab_share', 'tab_settings', 'tab_privacy'].map(id));
    await expect.poll(() => popup.getByTestId('status').textContent(), { timeout: 10_000 }).toBe(id('pill_notInClass'));
    await expectNoOverflow(popup, 'popup-live-id', POPUP_WIDTH);
  });

  it('shows the history and a session with its numbers, without overflow', async () => {
    await popup.getByTestId('tab-history').click();
    await expect.poll(() => popup.getByTestId('history-item').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => popup.locator('.history-item .chip').first().textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^(${id('impression_good')}|${id('impression_bad')})$`));
    await expectNoOverflow(popup, 'popup-history-id', POPUP_WIDTH);

    await popup.getByTestId('history-item').first().click();
    await expect.poll(() => popup.getByTestId('session-frames').textContent(), { timeout: 15_000 }).toBe('150');
    const text = await popup.locator('main').textContent();
    for (const word of ['Marah', 'Jijik', 'Takut', 'Senang', 'Sedih', 'Terkejut', 'Netral', 'Positif', 'Negatif', 'Tidak terdeteksi', 'Kesan', 'Tertarik', 'Tidak tertarik', 'Sampel']) {
      expect(text).toContain(word);
    }
    expect(text).toMatch(/\d,\d%/); // Indonesian decimal comma
    expect(text).toMatch(/\d+ menit \d+ detik/);
    await expectNoOverflow(popup, 'popup-session-id', POPUP_WIDTH);
  });

  it('shows Share, Settings and Privacy without overflow', async () => {
    for (const tab of ['share', 'settings', 'privacy']) {
      await popup.getByTestId(`tab-${tab}`).click();
      await popup.waitForTimeout(500);
      expect(await popup.locator('main').textContent()).not.toMatch(/\b(Settings|Privacy|Share with my teacher|Delete all my data)\b/);
      await expectNoOverflow(popup, `popup-${tab}-id`, POPUP_WIDTH);
    }
  });

  it('shows teacher mode and the first-run screen without overflow', async () => {
    await popup.getByTestId('mode-teacher').click();
    await expect.poll(() => popup.getByTestId('teacher-participant').count(), { timeout: 15_000 }).toBe(3);
    await expectNoOverflow(popup, 'popup-teacher-id', POPUP_WIDTH);
    await popup.getByTestId('mode-student').click();

    await popup.evaluate(() => chrome.storage.local.set({ firstRun: { firstRunAcknowledged: false } }));
    await popup.reload();
    await expect.poll(() => popup.getByTestId('first-run-ok').textContent(), { timeout: 10_000 }).toBe(id('firstRun_ok'));
    await expectNoOverflow(popup, 'popup-first-run-id', POPUP_WIDTH);
    await popup.getByTestId('first-run-ok').click();
  });

  it('shows the class dashboard in Indonesian, wide and at 360 px, without overflow', async () => {
    const dashboard = await openExtensionPage(browser.context, extension, `src/dashboard/dashboard.html?class=${classCode}`);
    await dashboard.setViewportSize({ width: 1000, height: 700 });
    await expect.poll(() => dashboard.getByTestId('dashboard-participant').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => dashboard.getByTestId('dashboard-timeline').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => dashboard.getByTestId('dashboard-status').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^${id('dashboard_live')}`));
    expect(await dashboard.title()).toBe('Raut · Bahasa Indonesia Kelas 8A');
    const text = await dashboard.locator('body').textContent();
    await expect.poll(() => dashboard.getByTestId('dashboard-class-table').count(), { timeout: 15_000 }).toBe(1);
    for (const word of [id('dashboard_brand'), id('dashboard_classTableTitle'), id('dashboard_timelineTitle'), id('dashboard_exportTitle'), 'Positif', 'Tidak terdeteksi', 'Tertarik', 'Tidak tertarik', 'Kesan']) {
      expect(text).toContain(word);
    }
    await expectNoOverflow(dashboard, 'dashboard-id', 1000);
    await dashboard.setViewportSize({ width: POPUP_WIDTH, height: 700 });
    // At phone width the full participants table (8 columns) scrolls inside its own box; the page does not.
    await expectNoOverflow(dashboard, 'dashboard-id-360', POPUP_WIDTH, [...SCROLLS_BY_DESIGN, '.teacher-table__wrap']);
    await dashboard.close();
  });

  it('gives the badge an Indonesian tooltip, and switching to English in Settings re-words popup and badge at once', async () => {
    const title = () => worker.evaluate(() => chrome.action.getTitle({}));
    await expect.poll(title, { timeout: 10_000 }).toBe(id('badge_idle'));

    await popup.getByTestId('tab-settings').click();
    await popup.getByTestId('language').selectOption('en');
    await expect.poll(() => popup.getByRole('tab').first().textContent(), { timeout: 10_000 }).toBe(EN.tab_live!.message);
    await expect.poll(() => popup.evaluate(() => document.documentElement.lang), { timeout: 10_000 }).toMatch(/^en/);
    await expect.poll(title, { timeout: 10_000 }).toBe(EN.badge_idle!.message);
    await expectNoOverflow(popup, 'popup-settings-en', POPUP_WIDTH);
  });
});
