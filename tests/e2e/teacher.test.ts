/**
 * Teacher mode end to end (issue 3): a real hub process on loopback with its own SQLite file, one
 * teacher browser and two student browsers, each with the built extension, a real face video as
 * the camera and the demo class page.
 *
 * - The teacher creates the class through the popup's teacher mode.
 * - Student 1 joins and consents; student 2 is in the same class but never consents.
 * - The teacher's popup and dashboard list exactly student 1; the class-level timeline stays
 *   withheld (fewer than 3 students share, k-anonymity).
 * - The hub crashes and stays down for over a minute while student 1 keeps analysing; when it is
 *   back, "Try again now" delivers every minute: none missing, none doubled, the hub's counts equal
 *   the student's own samples, and the dashboard is live again.
 * - Two more students share (driven straight through the hub's HTTP API: a stand-in for two more
 *   browsers, which this 2-core machine cannot afford): the class timeline appears at 3.
 * - Student 1 stops sharing with "delete on hub": they vanish from the teacher's views, the class
 *   timeline is withheld again (2 < 3), and the hub holds nothing of theirs (token refused, name
 *   gone from the database file).
 *
 * Screenshots of the popup (360×560) and the dashboard (1000×700) go to
 * test-results/teacher/ (override with RAUT_SCREENSHOTS).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type RunningHub } from '../../hub/spawn';
import { SQLITE_FILE_NAME } from '../../hub/storage/sqlite';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server';
import { faceClip, ffmpegAvailable } from '../../scripts/face-clips';
import {
  firstSharedMinute,
  MINUTE_MS,
  minuteOf,
  type ShareRetryReply,
  type ShareStatusReply,
  type ShareStopReply,
} from '../../src/shared/sharing';
import { join as hubJoin, makeMinute, upload } from '../hub/helpers/hub-client';
import { chromiumAvailable, launchChromium, type LaunchedBrowser } from '../helpers/chromium';
import { extensionId, extensionWorker, openExtensionPage, prepareExtension, readStoredData, waitFor } from '../helpers/extension';

const missing = !chromiumAvailable() ? 'Debian chromium is not installed' : !ffmpegAvailable() ? 'ffmpeg is not installed' : null;
if (missing) console.warn(`[skip] teacher mode end-to-end: ${missing}`);

const SCREENSHOTS = resolve(process.env.RAUT_SCREENSHOTS ?? resolve(import.meta.dirname, '../../test-results/teacher'));
/** src/background/sharing/worker.ts SHARE_ALARM; re-created with `when: now` to run a sync round at once. */
const SHARE_ALARM = 'raut-share-sync';
/** Optional: a copy of dist/chrome, so that a concurrent `vite build` (emptyOutDir) cannot pull the extension away mid-test. */
const EXTENSION_OVERRIDE = process.env.RAUT_EXTENSION_DIR ? { extensionDir: process.env.RAUT_EXTENSION_DIR } : {};
const STUDENT_1 = 'Mira Consenting';
const HTTP_STUDENTS = ['Api Student A', 'Api Student B'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WITHHELD_TEXT = 'Class-level charts appear once at least 3 students share (k-anonymity)';

interface Student {
  browser: LaunchedBrowser;
  worker: Worker;
  /** An extension page: the student's messages to the background go from here, like the popup's. */
  page: Page;
  classPage: Page;
}

async function launchStudent(demo: DemoServer): Promise<Student> {
  const browser = await launchChromium({ extension: true, fakeVideo: faceClip(), ...EXTENSION_OVERRIDE });
  const worker = await extensionWorker(browser.context);
  await prepareExtension(worker, { backendPreference: 'wasm' });
  const page = await openExtensionPage(browser.context, extensionId(worker), 'src/popup/popup.html');
  const classPage = await browser.context.newPage();
  await classPage.goto(`${demo.url}?autojoin`);
  return { browser, worker, page, classPage };
}

/** The student's consent, clicked through the popup's Share tab as a student would. */
async function consentInPopup(popupPage: Page, form: { hubUrl: string; classCode: string; displayName: string }): Promise<void> {
  await popupPage.getByTestId('tab-share').click();
  await popupPage.getByTestId('share-hub').fill(form.hubUrl);
  await popupPage.getByTestId('share-code').fill(form.classCode);
  await popupPage.getByTestId('share-name').fill(form.displayName);
  // The consent box only works once the preview of what is sent is on screen.
  await expect.poll(() => popupPage.getByTestId('share-preview').count(), { timeout: 15_000 }).toBe(1);
  expect(await popupPage.getByTestId('share-start').isDisabled()).toBe(true);
  await popupPage.getByTestId('share-consent').check();
  await popupPage.getByTestId('share-start').click();
  await expect.poll(() => popupPage.getByTestId('share-item').count(), { timeout: 15_000 }).toBe(1);
}

/** chrome.runtime.sendMessage from the student's extension page, as the popup sends it. */
function send<T>(page: Page, message: unknown): Promise<T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
}

async function hubGet(url: string, path: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

describe.skipIf(missing !== null).sequential('teacher mode with a real hub, one consenting and one non-consenting student', () => {
  let dataDir: string;
  let hub: RunningHub;
  let demo: DemoServer;
  let teacher: LaunchedBrowser;
  let teacherContext: BrowserContext;
  let teacherId: string;
  let popup: Page;
  let dashboard: Page;
  let student1: Student;
  let student2: Student;
  let code = '';
  let teacherSecret = '';
  let studentToken = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'raut-teacher-e2e-'));
    [hub, demo] = await Promise.all([spawnHub({ dataDir }), startDemoServer()]);
    teacher = await launchChromium({ extension: true, fakeVideo: faceClip(), ...EXTENSION_OVERRIDE });
    teacherContext = teacher.context;
    const teacherWorker = await extensionWorker(teacherContext);
    teacherId = extensionId(teacherWorker);
    await prepareExtension(teacherWorker, { backendPreference: 'wasm' });
    // Students start early: their engines warm up while the teacher sets up the class.
    student1 = await launchStudent(demo);
    student2 = await launchStudent(demo);
  });

  afterAll(async () => {
    await Promise.all([teacher?.close(), student1?.browser.close(), student2?.browser.close()]);
    await demo?.close();
    await hub?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the teacher switches the popup to teacher mode and creates a class', async () => {
    popup = await openExtensionPage(teacherContext, teacherId, 'src/popup/popup.html');
    await popup.setViewportSize({ width: 360, height: 560 });
    await popup.getByTestId('mode-teacher').click();
    await popup.getByTestId('teacher-hub').fill(hub.url);
    await popup.getByTestId('teacher-class-name').fill('Mathematics 7b');
    await popup.getByTestId('teacher-create').click();
    await expect.poll(() => popup.getByTestId('teacher-code').textContent(), { timeout: 15_000 }).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    code = (await popup.getByTestId('teacher-code').textContent())!;
    const stored = (await popup.evaluate(() => chrome.storage.local.get(['teacherClasses', 'popupMode']))) as { teacherClasses: any[]; popupMode: unknown };
    expect(stored.popupMode).toBe('teacher');
    expect(stored.teacherClasses).toHaveLength(1);
    expect(stored.teacherClasses[0]).toMatchObject({ hubUrl: hub.url, code, name: 'Mathematics 7b', meetingLink: null });
    teacherSecret = stored.teacherClasses[0].teacherSecret;
    // The mode is remembered.
    await popup.reload();
    await expect.poll(() => popup.getByTestId('teacher-code').textContent(), { timeout: 10_000 }).toBe(code);
  });

  it('student 1 consents while in class; student 2 is in class without consenting', async () => {
    // Both are in a live class session (their own analysis runs locally either way).
    for (const student of [student1, student2]) {
      await waitFor(() => send<{ sessionId: string | null }>(student.page, { type: 'get-status' }), (s) => typeof s?.sessionId === 'string', 150_000, 'a live class session');
    }
    // Through the popup's Share tab: hub, code, name, the preview of exactly what is sent, consent.
    await consentInPopup(student1.page, { hubUrl: hub.url, classCode: code, displayName: STUDENT_1 });
    const shared = await send<ShareStatusReply>(student1.page, { type: 'share-status' });
    if (!shared.ok) throw new Error(`share-status failed: ${shared.error}`);
    const joined = { consent: shared.status.consents[0]! };
    expect(joined.consent).toMatchObject({ classCode: code, displayName: STUDENT_1, className: 'Mathematics 7b', sessionUrlPrefix: `${demo.url.replace(/\/$/, '')}` });
    const consents = await student1.worker.evaluate(() => chrome.storage.local.get('shareConsents'));
    studentToken = Object.values<any>(consents.shareConsents ?? {})[0]?.studentToken ?? '';
    expect(studentToken).not.toBe('');

    const status2 = await send<ShareStatusReply>(student2.page, { type: 'share-status' });
    expect(status2.ok && status2.status.consents).toEqual([]);

    // Only complete minutes are shared, starting with the first full minute after consent. Once it
    // has passed, run the sync alarm at once (re-created with `when: now`) instead of waiting for
    // its next period; repeat until the hub has the minute.
    const firstComplete = firstSharedMinute(joined.consent.consentedAt) + MINUTE_MS + 1_000;
    await new Promise((r) => setTimeout(r, Math.max(0, firstComplete - Date.now())));
    await waitFor(
      async () => {
        await student1.worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() }), SHARE_ALARM);
        await new Promise((r) => setTimeout(r, 2_000));
        return (await hubGet(hub.url, `/classes/${code}/participants`, teacherSecret)).body.participants as any[];
      },
      (rows) => rows.length === 1 && rows[0].minutesShared >= 1,
      90_000,
      "student 1's first minute on the hub",
    );
  });

  it("the teacher's popup lists exactly the consenting student", async () => {
    await expect.poll(() => popup.getByTestId('teacher-participant').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => popup.getByTestId('teacher-participant-name').allTextContents(), { timeout: 15_000 }).toEqual([STUDENT_1]);
    // The row appears at the join (0 minutes); the popup re-reads every 4 s, so wait for the shared minute.
    await expect.poll(async () => Number(await popup.getByTestId('teacher-participant').locator('td').first().textContent()), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await popup.screenshot({ path: join(SCREENSHOTS, 'teacher-popup.png') });
    const hubView = await hubGet(hub.url, `/classes/${code}`, teacherSecret);
    expect(hubView.body).toMatchObject({ participants: 1, sharing: 1, summary: { withheld: true, students: 1, required: 3 } });
  });

  it('the dashboard shows the student, withholds the class timeline and exports CSV and JSON', async () => {
    const [page] = await Promise.all([teacherContext.waitForEvent('page'), popup.getByTestId('teacher-open-dashboard').click()]);
    dashboard = page;
    await dashboard.setViewportSize({ width: 1000, height: 700 });
    await dashboard.waitForLoadState();
    expect(dashboard.url()).toBe(`chrome-extension://${teacherId}/src/dashboard/dashboard.html?class=${code}`);
    await expect.poll(() => dashboard.getByTestId('dashboard-participant-name').allTextContents(), { timeout: 15_000 }).toEqual([STUDENT_1]);
    await expect.poll(() => dashboard.getByTestId('dashboard-withheld').textContent(), { timeout: 15_000 }).toContain(WITHHELD_TEXT);
    expect(await dashboard.getByTestId('dashboard-timeline').count()).toBe(0);
    // The class table is class-level too: withheld under 3 sharing students.
    expect(await dashboard.getByTestId('dashboard-class-table-withheld').count()).toBe(1);
    expect(await dashboard.getByTestId('dashboard-class-table').count()).toBe(0);
    expect((await hubGet(hub.url, `/classes/${code}/timeline`, teacherSecret)).body).toMatchObject({ withheld: true, students: 1 });
    await expect.poll(() => dashboard.getByTestId('dashboard-status').textContent(), { timeout: 15_000 }).toMatch(/^Live/);
    await dashboard.screenshot({ path: join(SCREENSHOTS, 'teacher-dashboard.png') });

    const download = async (testId: string) => {
      const [file] = await Promise.all([dashboard.waitForEvent('download'), dashboard.getByTestId(testId).click()]);
      return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
    };
    const csv = await download('dashboard-export-csv');
    expect(csv.name).toMatch(new RegExp(`^raut-class-${code}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const [header, ...rows] = csv.text.trimEnd().split('\r\n');
    expect(header).toMatch(/^class_code,class_name,display_name,joined_at,last_seen_at,minutes_shared,/);
    expect(header).toMatch(/,interested_frames,not_interested_frames,interest_unknown_frames,interested_pct,not_interested_pct,interest_unknown_pct$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(`${code},Mathematics 7b,${STUDENT_1},`);
    const json = JSON.parse((await download('dashboard-export-json')).text);
    expect(json).toMatchObject({ schemaVersion: 1, class: { code, name: 'Mathematics 7b' }, timeline: { withheld: true } });
    expect(json.participants.map((p: { displayName: string }) => p.displayName)).toEqual([STUDENT_1]);
    expect(json.participants[0].interest).toMatchObject({ samples: expect.any(Number), interested: { count: expect.any(Number) } });
    expect(JSON.stringify(json)).not.toContain(teacherSecret);
  });

  it('the hub is down for a minute while the student keeps analysing, and nothing is lost', async () => {
    const port = Number(new URL(hub.url).port);
    await hub.kill(); // a crash, not a clean shutdown
    const downAt = Date.now();
    await expect.poll(() => dashboard.getByTestId('dashboard-status').textContent(), { timeout: 20_000 }).not.toMatch(/^Live/);
    // Stay down for over a minute, and until a minute that started while the hub was down has completed.
    const firstMinuteWhileDown = minuteOf(downAt) + MINUTE_MS;
    await sleep(Math.max(60_000, firstMinuteWhileDown + MINUTE_MS + 2_000 - Date.now()));
    // A sync round meanwhile fails, keeps the minutes queued and says why.
    await student1.worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() }), SHARE_ALARM);
    const failing = await waitFor(
      () => send<ShareStatusReply>(student1.page, { type: 'share-status' }),
      (reply) => {
        const consent = reply.ok ? reply.status.consents[0] : undefined;
        const lastError = consent?.lastError;
        return (consent?.queued ?? 0) >= 1 && typeof lastError === 'object' && lastError?.key === 'shareError_unreachable';
      },
      30_000,
      'the failed upload recorded while the hub is down',
    );
    expect(failing.ok && failing.status.consents[0]?.broken).toBeNull();

    hub = await spawnHub({ dataDir, port });
    // The student presses "Try again now" instead of waiting for the backoff.
    const retried = await send<ShareRetryReply>(student1.page, { type: 'share-retry' });
    expect(retried).toMatchObject({ ok: true, errors: [] });
    expect(retried.ok && retried.uploaded).toBeGreaterThanOrEqual(1);

    const [row] = (await hubGet(hub.url, `/classes/${code}/participants`, teacherSecret)).body.participants;
    expect(row.lastMinute).toBeGreaterThanOrEqual(firstMinuteWhileDown);
    // No minute missing, none doubled: one row per minute from the first to the last...
    expect(row.minutesShared).toBe((row.lastMinute - row.firstMinute) / MINUTE_MS + 1);
    // ...and the hub counts exactly the student's own samples of those minutes.
    const { samples } = await readStoredData(student1.page);
    const local = samples.filter((sample) => sample.time >= row.firstMinute && sample.time < row.lastMinute + MINUTE_MS);
    expect(row.totals.samples).toBe(local.length);
    expect(row.totals.notDetected).toBe(local.filter((sample) => !sample.faceFound).length);
    // The interest counts the student's extension sent are its own samples' labels.
    const labelled = (label: string) => local.filter((sample) => 'interest' in sample.engagement && sample.engagement.interest === label).length;
    expect(row.interest.interested.count).toBe(labelled('interested'));
    expect(row.interest.notInterested.count).toBe(labelled('not-interested'));
    expect(row.interest.interested.count + row.interest.notInterested.count).toBeGreaterThan(0);
    const status = await send<ShareStatusReply>(student1.page, { type: 'share-status' });
    expect(status.ok && status.status.consents[0]).toMatchObject({ queued: 0, lastError: null });
    // The dashboard reconnects by itself.
    await expect.poll(() => dashboard.getByTestId('dashboard-status').textContent(), { timeout: 30_000 }).toMatch(/^Live/);
  });

  it('with three students sharing, the class timeline appears on the dashboard', async () => {
    const [row] = (await hubGet(hub.url, `/classes/${code}/participants`, teacherSecret)).body.participants;
    for (const name of HTTP_STUDENTS) {
      const student = await hubJoin(hub.url, code, name);
      const answer = await upload(hub.url, code, student.studentToken, [
        makeMinute(row.lastMinute, { positive: 10, neutral: 20, negative: 3, interested: 25, notInterested: 8, meanEngagement: 0.55 }),
      ]);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    await expect.poll(() => dashboard.getByTestId('dashboard-participant').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => dashboard.getByTestId('dashboard-timeline').count(), { timeout: 15_000 }).toBe(1);
    expect(await dashboard.getByTestId('dashboard-withheld').count()).toBe(0);
    const timeline = (await hubGet(hub.url, `/classes/${code}/timeline`, teacherSecret)).body;
    expect(timeline).toMatchObject({ withheld: false, students: 3 });
    // The class table, as the study reports it per lesson, from the hub's k-anonymous summary.
    await expect.poll(() => dashboard.getByTestId('dashboard-class-table').count(), { timeout: 15_000 }).toBe(1);
    const summary = (await hubGet(hub.url, `/classes/${code}`, teacherSecret)).body.summary;
    const rowText = (label: string) => dashboard.locator(`[data-testid="dashboard-class-table"] tr[data-interest="${label}"]`).textContent();
    expect(await rowText('interested')).toBe(`Interested${summary.interest.interested.count}${(summary.interest.interested.percent).toFixed(1)}%`);
    expect(await rowText('not-interested')).toContain(`Not interested${summary.interest.notInterested.count}`);
    expect(await rowText('not-detected')).toContain(`Not detected${summary.interest.notDetected.count}`);
    // The minute the three shared has an engagement value: the class timeline draws its line.
    expect(await dashboard.locator('[data-testid="dashboard-timeline"] polyline.timeline__engagement').count()).toBeGreaterThan(0);
    await dashboard.screenshot({ path: join(SCREENSHOTS, 'teacher-dashboard-class-timeline.png') });
  });

  it('"stop and delete" removes the student from the teacher\'s views and from the hub', async () => {
    const stopped = await send<ShareStopReply>(student1.page, { type: 'share-stop', classCode: code, deleteOnHub: true });
    expect(stopped).toMatchObject({ ok: true, stopped: true, deletedOnHub: true, pending: false });
    // The dashboard hears "revoked" over SSE; the popup re-reads every few seconds.
    await expect.poll(() => dashboard.getByTestId('dashboard-participant-name').allTextContents(), { timeout: 10_000 }).toEqual(HTTP_STUDENTS);
    await expect.poll(() => popup.getByTestId('teacher-participant-name').allTextContents(), { timeout: 15_000 }).toEqual(HTTP_STUDENTS);
    const left = (await hubGet(hub.url, `/classes/${code}/participants`, teacherSecret)).body.participants as { displayName: string }[];
    expect(left.map((p) => p.displayName)).toEqual(HTTP_STUDENTS);
    // Two students left sharing: the class view is withheld again.
    await expect.poll(() => dashboard.getByTestId('dashboard-withheld').count(), { timeout: 15_000 }).toBe(1);
    expect((await hubGet(hub.url, `/classes/${code}/timeline`, teacherSecret)).body).toMatchObject({ withheld: true, students: 2 });
    expect((await hubGet(hub.url, `/classes/${code}/students/me`, studentToken)).status).toBe(401);
    const file = join(dataDir, SQLITE_FILE_NAME);
    const bytes = Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]).toString('latin1');
    expect(bytes).not.toContain(STUDENT_1);
    const status2 = await send<ShareStatusReply>(student2.page, { type: 'share-status' });
    expect(status2.ok && status2.status.consents).toEqual([]);
  });

  it('a class joined before is offered again at its meeting after a plain stop, and "not this class" forgets it', async () => {
    // Student 2 changes their mind, joins, then stops without deleting.
    await consentInPopup(student2.page, { hubUrl: hub.url, classCode: code, displayName: 'Bima' });
    const stopped = await send<ShareStopReply>(student2.page, { type: 'share-stop', classCode: code, deleteOnHub: false });
    expect(stopped).toMatchObject({ ok: true, stopped: true, deletedOnHub: false });
    // Still in the class meeting: the Share tab offers the class again, filled in but never joined by itself.
    await student2.page.reload();
    await student2.page.getByTestId('tab-share').click();
    await expect.poll(() => student2.page.getByTestId('share-offer').textContent(), { timeout: 15_000 }).toContain('Mathematics 7b');
    await student2.page.getByTestId('share-offer-use').click();
    await expect.poll(() => student2.page.getByTestId('share-code').inputValue(), { timeout: 5_000 }).toBe(code);
    expect(await student2.page.getByTestId('share-name').inputValue()).toBe('Bima');
    expect(await student2.page.getByTestId('share-hub').inputValue()).toBe(hub.url);
    expect(await student2.page.getByTestId('share-consent').isChecked()).toBe(false);
    const status = await send<ShareStatusReply>(student2.page, { type: 'share-status' });
    expect(status.ok && status.status.consents).toEqual([]);
    await student2.page.screenshot({ path: join(SCREENSHOTS, 'student-share-offer.png'), fullPage: true });
    // "Not this class": not offered again.
    await student2.page.reload();
    await student2.page.getByTestId('tab-share').click();
    await student2.page.getByTestId('share-offer-dismiss').click();
    await expect.poll(() => student2.page.getByTestId('share-offer').count(), { timeout: 10_000 }).toBe(0);
    const after = await send<ShareStatusReply>(student2.page, { type: 'share-status' });
    expect(after.ok && after.status.offer).toBeNull();
  });
});
