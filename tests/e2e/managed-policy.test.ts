/**
 * A school's managed policy (DESIGN.md privacy rule 6) in real Chromium: the policy is written
 * where Debian's Chromium reads machine policy (/etc/chromium/policies/managed/), for this copy
 * of the extension only (an unpacked extension's id derives from its folder, so a private copy
 * leaves every other test's browser untouched). Needs root to write there; skipped otherwise.
 *
 * Under { disableSharing, disableTeacherMode, attentionOnly }:
 * - the popup says what the school switched off; teacher mode and the join form are unavailable;
 * - the background refuses a consent even when asked directly;
 * - the class is still analysed, but no expression model is loaded: samples carry presence and
 *   head pose, no expression probabilities.
 */
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server';
import { faceClip, ffmpegAvailable } from '../../scripts/face-clips';
import type { ShareJoinReply } from '../../src/shared/sharing';
import type { LiveStatus } from '../../src/shared/types';
import { chromiumAvailable, EXTENSION_DIR, launchChromium, type LaunchedBrowser } from '../helpers/chromium';
import { extensionWorker, openExtensionPage, prepareExtension, readStoredData, waitFor } from '../helpers/extension';

const POLICY_DIR = '/etc/chromium/policies/managed';
const SCREENSHOTS = resolve(process.env.RAUT_SCREENSHOTS ?? resolve(import.meta.dirname, '../../test-results/policy'));

function policyDirWritable(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const missing = !chromiumAvailable()
  ? 'Debian chromium is not installed'
  : !ffmpegAvailable()
    ? 'ffmpeg is not installed'
    : !policyDirWritable()
      ? `${POLICY_DIR} is not writable (run as root to test managed policy)`
      : null;
if (missing) console.warn(`[skip] managed policy end-to-end: ${missing}`);

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, first 32 hex digits spelt a–p. */
function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

function send<T>(page: Page, message: unknown): Promise<T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
}

describe.skipIf(missing !== null).sequential('managed policy: sharing and teacher mode off, attention only', () => {
  let extensionDir: string;
  let policyFile: string;
  let demo: DemoServer;
  let browser: LaunchedBrowser;
  let worker: Worker;
  let popup: Page;
  let id: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    extensionDir = mkdtempSync(join(tmpdir(), 'raut-policy-ext-'));
    cpSync(process.env.RAUT_EXTENSION_DIR ?? EXTENSION_DIR, extensionDir, { recursive: true });
    id = unpackedExtensionId(extensionDir);
    policyFile = join(POLICY_DIR, `raut-e2e-${id}.json`);
    writeFileSync(
      policyFile,
      JSON.stringify({ '3rdparty': { extensions: { [id]: { disableSharing: true, disableTeacherMode: true, attentionOnly: true } } } }),
    );
    demo = await startDemoServer();
    browser = await launchChromium({ extensionDir, fakeVideo: faceClip() });
    worker = await extensionWorker(browser.context);
    await prepareExtension(worker, { backendPreference: 'wasm' });
    popup = await openExtensionPage(browser.context, id, 'src/popup/popup.html');
    await popup.setViewportSize({ width: 360, height: 600 });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (policyFile) rmSync(policyFile, { force: true });
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  });

  it('the background reads the policy', async () => {
    const status = await waitFor(
      () => send<LiveStatus>(popup, { type: 'get-status' }),
      (s) => s?.policy?.disableSharing === true,
      20_000,
      'the managed policy in the live status',
    );
    expect(status.policy).toEqual({ disableSharing: true, disableTeacherMode: true, attentionOnly: true });
    expect(status.policyProblems).toEqual([]);
    expect(dirname(policyFile)).toBe(POLICY_DIR);
  });

  it('the popup says what the school switched off, and offers neither teacher mode nor the join form', async () => {
    await popup.reload();
    await expect.poll(() => popup.getByTestId('live-attention-only').count(), { timeout: 15_000 }).toBe(1);
    expect(await popup.getByTestId('mode-teacher').count()).toBe(0);
    await popup.getByTestId('tab-share').click();
    await expect.poll(() => popup.getByTestId('share-disabled').textContent(), { timeout: 10_000 }).toMatch(/turned off sharing/);
    expect(await popup.getByTestId('share-start').count()).toBe(0);
    await popup.getByTestId('tab-privacy').click();
    const facts = await popup.getByTestId('policy-facts').textContent();
    expect(facts).toMatch(/Attention only/);
    expect(facts).toMatch(/teacher mode/);
    await popup.screenshot({ path: join(SCREENSHOTS, 'privacy-policy.png'), fullPage: true });
    // A stored teacher mode choice from before the policy does not bring teacher mode back.
    await popup.evaluate(() => chrome.storage.local.set({ popupMode: 'teacher' }));
    await popup.reload();
    await expect.poll(() => popup.getByTestId('tab-share').count(), { timeout: 10_000 }).toBe(1);
    expect(await popup.getByTestId('teacher-hub').count()).toBe(0);

    const dashboard = await openExtensionPage(browser.context, id, 'src/dashboard/dashboard.html?class=ABCDEFGH23');
    await expect.poll(() => dashboard.getByTestId('dashboard-policy').textContent(), { timeout: 10_000 }).toMatch(/turned off teacher mode/);
    await dashboard.close();
  });

  it('refuses a consent even when asked directly', async () => {
    const reply = await send<ShareJoinReply>(popup, { type: 'share-join', hubUrl: 'http://127.0.0.1:9', classCode: 'ABCDEFGH23', displayName: 'Ana' });
    expect(reply).toEqual({ ok: false, error: { key: 'policy_sharingOff' } });
  });

  it('analyses the class without an expression model', async () => {
    const classPage = await browser.context.newPage();
    await classPage.goto(`${demo.url}?autojoin`);
    const stored = await waitFor(
      () => readStoredData(popup),
      (data) => data.samples.some((sample) => sample.faceFound),
      150_000,
      'a stored sample with a face',
    );
    for (const sample of stored.samples) {
      expect(sample.probabilities).toBeNull();
      expect(sample.top).toBeNull();
    }
    // The popup shows attention and interest, and nothing expression-related.
    await popup.reload();
    await popup.getByTestId('tab-live').click();
    await expect.poll(() => popup.getByTestId('live-attention').textContent(), { timeout: 20_000 }).toMatch(/^(Interested|Not interested|Not detected|Unknown)$/);
    expect(await popup.getByTestId('live-expression').count()).toBe(0);
    expect(await popup.getByTestId('live-concentration').count()).toBe(0);
    expect(await popup.locator('.bars').count()).toBe(0);
    await popup.getByTestId('tab-session').click();
    await expect.poll(() => popup.getByTestId('session-interest').count(), { timeout: 20_000 }).toBe(1);
    expect(await popup.locator('.bars').count()).toBe(0);
    expect(await popup.locator('main').textContent()).not.toMatch(/Happy|Positive|Good when positive|Impression/);
    await classPage.close();
  });
});
