/**
 * The student's control over their data, through the real popup and the real IndexedDB:
 * a shorter retention deletes old sessions at once, and "Delete all my data" deletes everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, type LaunchedBrowser } from '../helpers/chromium';
import { extensionId, extensionWorker, openExtensionPage, prepareExtension, readStoredData, seedStoredData, waitFor } from '../helpers/extension';
import { endedSession, happySample } from '../helpers/records';

const missing = chromiumAvailable() ? null : 'Debian chromium is not installed';
if (missing) console.warn(`[skip] data lifecycle end-to-end: ${missing}`);

const DAY = 24 * 60 * 60 * 1000;

describe.skipIf(missing !== null).sequential('data lifecycle', () => {
  let browser: LaunchedBrowser;
  let popup: Page;

  beforeAll(async () => {
    browser = await launchChromium({ extension: true });
    const worker = await extensionWorker(browser.context);
    const id = extensionId(worker);
    await prepareExtension(worker);
    popup = await openExtensionPage(browser.context, id, 'src/popup/popup.html');
    // The worker opens (and so creates) the database on start.
    await waitFor(() => readStoredData(popup), () => true, 10_000, 'the database');
    const now = Date.now();
    await seedStoredData(popup, {
      sessions: [endedSession('old', now - 20 * DAY), endedSession('recent', now - 2 * DAY)],
      samples: [happySample('old', now - 20 * DAY + 1000), happySample('recent', now - 2 * DAY + 1000)],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists past sessions in History', async () => {
    await popup.reload();
    await popup.getByTestId('tab-history').click();
    await expect.poll(() => popup.getByTestId('history-item').count(), { timeout: 15_000 }).toBe(2);
  });

  it('deletes sessions older than a shortened retention, at once', async () => {
    await popup.getByTestId('tab-settings').click();
    await popup.locator('#retention-days').fill('7');
    await popup.locator('#retention-days').press('Enter');
    await popup.locator('#retention-days').blur();
    const data = await waitFor(() => readStoredData(popup), (d) => d.sessions.length === 1, 20_000, 'the old session to be deleted');
    expect(data.sessions[0]!.id).toBe('recent');
    expect(data.samples.map((s) => s.sessionId)).toEqual(['recent']);
  });

  it('deletes everything with "Delete all my data", after a confirmation', async () => {
    await popup.getByRole('button', { name: 'Delete all my data' }).click();
    expect((await readStoredData(popup)).sessions).toHaveLength(1); // nothing yet: a question first
    await popup.getByRole('button', { name: 'Delete everything' }).click();
    await expect.poll(() => popup.getByText('All your sessions were deleted.').count(), { timeout: 10_000 }).toBe(1);
    const data = await readStoredData(popup);
    expect(data).toEqual({ sessions: [], samples: [] });
  });
});
