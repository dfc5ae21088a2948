/**
 * The student pipeline end to end, in Debian's Chromium with the built extension loaded:
 * join the demo class with a real face video as the camera, and check what a student relies on.
 * Runs once on WASM and once on WebGPU (SwiftShader: a real WebGPU adapter on the CPU).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server';
import { parseExport, CSV_COLUMNS } from '../../src/shared/export';
import { EXPRESSIONS } from '../../src/shared/taxonomy';
import { INTEREST_LABELS, type EngagementCues } from '../../src/shared/engagement';
import { BATCHED_WRITES } from '../../src/background/sample-writer';
import { DEFAULT_SETTINGS, type Backend } from '../../src/shared/types';
import { NARROW_FROM_FACE_WIDTH, narrowWidth } from '../../src/background/frame-width';
import { chromiumAvailable, launchChromium, type GpuMode, type LaunchedBrowser } from '../helpers/chromium';
import { startEgressRecorder, type EgressRecorder } from '../helpers/egress-recorder';
import {
  extensionId,
  extensionWorker,
  openExtensionPage,
  prepareExtension,
  readStoredData,
  waitFor,
  type StoredData,
} from '../helpers/extension';
import { faceClip, ffmpegAvailable } from '../../scripts/face-clips';

const missing = !chromiumAvailable() ? 'Debian chromium is not installed' : !ffmpegAvailable() ? 'ffmpeg is not installed' : null;
if (missing) console.warn(`[skip] student pipeline end-to-end: ${missing}`);

/**
 * The default preference ("auto") with the GPU disabled: Chromium offers no WebGPU adapter, and WebGL
 * only through a software renderer (or not at all), which the engine skips for WebAssembly. WebGPU on
 * SwiftShader runs only when chosen, as a student may. `detector`: where the popup says the face
 * detector runs: the GPU delegate only where WebGL has a real GPU (none with the GPU disabled).
 */
const RUNS: { name: string; gpu: GpuMode; preference: Backend | 'auto'; expected: Backend; label: RegExp; detector: RegExp }[] = [
  { name: 'auto without a GPU', gpu: 'none', preference: 'auto', expected: 'wasm', label: /webassembly|wasm/i, detector: /face detector on CPU$/ },
  { name: 'webgpu (swiftshader), chosen', gpu: 'webgpu-swiftshader', preference: 'webgpu', expected: 'webgpu', label: /webgpu/i, detector: /face detector on (CPU|GPU)$/ },
];

/**
 * Chromium itself (not any extension) calls these exact hosts: the component updater, browser
 * sign-in, network time and the on-device-model downloader. Everything else, storage.googleapis.com and every
 * CDN or model hub included, counts as Raut's and fails the test.
 */
const CHROMIUM_OWN_HOSTS = [
  'update.googleapis.com',
  'accounts.google.com',
  'clients2.google.com', // network time
  'odml.pa.googleapis.com',
  'optimizationguide-pa.googleapis.com',
];
function isChromiumOwnTraffic(attempt: string): boolean {
  const target = attempt.split(' ')[1] ?? '';
  const host = target.includes('://') ? new URL(target).hostname : target.split(':')[0];
  return CHROMIUM_OWN_HOSTS.includes(host ?? '');
}

for (const run of RUNS) {
  describe.skipIf(missing !== null).sequential(`student pipeline on ${run.name}`, () => {
    let browser: LaunchedBrowser;
    let context: BrowserContext;
    let worker: Worker;
    let id: string;
    let demo: DemoServer;
    let egress: EgressRecorder;
    let classPage: Page;
    let extensionPage: Page;

    const stored = (): Promise<StoredData> => readStoredData(extensionPage);
    const faceSamples = (data: StoredData) => data.samples.filter((sample) => sample.faceFound && sample.probabilities);

    beforeAll(async () => {
      demo = await startDemoServer();
      egress = await startEgressRecorder();
      browser = await launchChromium({ extension: true, fakeVideo: faceClip(), gpu: run.gpu, extraArgs: [egress.proxyArg] });
      context = browser.context;
      worker = await extensionWorker(context);
      id = extensionId(worker);
      await prepareExtension(worker, { backendPreference: run.preference });
      extensionPage = await openExtensionPage(context, id, 'src/popup/popup.html');
      classPage = await context.newPage();
      // The class page's own script listens to its window's messages and reads each, as a real class's scripts may.
      await classPage.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { pageSawMessages: string[] }).pageSawMessages = seen;
        window.addEventListener('message', (event) => seen.push(String((event.data as { type?: unknown } | null)?.type)));
        // The width of every frame the hook sends on its frame port (same world as the hook).
        const widths: number[] = [];
        (window as unknown as { hookFrameWidths: number[] }).hookFrameWidths = widths;
        const post = MessagePort.prototype.postMessage;
        MessagePort.prototype.postMessage = function (this: MessagePort, ...args: Parameters<MessagePort['postMessage']>) {
          const sent = args[0] as { type?: unknown; frame?: { width?: unknown } } | null;
          if (sent?.type === 'frame' && typeof sent.frame?.width === 'number') widths.push(sent.frame.width);
          return post.apply(this, args);
        } as MessagePort['postMessage'];
      });
      await classPage.goto(`${demo.url}?autojoin`);
    });

    afterAll(async () => {
      await browser?.close();
      await demo?.close();
      await egress?.close();
    });

    it('analyses the class camera: faces found, 7 probabilities stored in IndexedDB', async () => {
      const data = await waitFor(stored, (d) => faceSamples(d).length >= 3, 180_000, 'three analysed frames with a face');
      expect(data.sessions).toHaveLength(1);
      const session = data.sessions[0]!;
      expect(session).toMatchObject({ platform: 'demo', status: 'active', title: 'Mathematics: Fractions' });
      for (const sample of faceSamples(data)) {
        expect(sample.sessionId).toBe(session.id);
        expect(sample.probabilities).toHaveLength(EXPRESSIONS.length);
        const sum = sample.probabilities!.reduce((a, b) => a + b, 0);
        expect(sum).toBeGreaterThan(0.99);
        expect(sum).toBeLessThan(1.01);
        expect(EXPRESSIONS).toContain(sample.top);
        expect(sample.backend).toBe(run.expected);
        expect(sample.modelId).toBe('human-emotion');
        expect(sample.faceCount).toBe(1);
        expect(sample.box!.width).toBeGreaterThan(0.1);
      }
      // The clip is a broadly smiling face: a correct pipeline (crop, gray, scaling) reads it as happy.
      const happy = faceSamples(data).filter((sample) => sample.top === 'happy').length;
      expect(happy / faceSamples(data).length).toBeGreaterThan(0.5);
    });

    it('writes samples in batches, and a read from the popup writes the waiting ones first', async () => {
      const written = async () => (await readStoredData(extensionPage, { settle: false })).samples.length;
      // Polled three times a frame: written one by one, the count would only ever grow by one.
      let previous = await written();
      let batch = 0;
      const until = Date.now() + BATCHED_WRITES.maxDelayMs * 3;
      while (batch < 2 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const count = await written();
        batch = count - previous;
        previous = count;
      }
      expect(batch, 'a batch of two or more samples written at once').toBeGreaterThanOrEqual(2);
      // A batch just landed: the next frames wait for theirs (≈ 5 s), and a popup read writes them first.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const before = await written();
      expect((await stored()).samples.length).toBeGreaterThan(before);
    });

    it('narrows the frames to 256 px while the face fills enough of the picture (frame-width.ts)', async () => {
      const data = await waitFor(stored, (d) => faceSamples(d).length >= 3, 180_000, 'three analysed frames with a face');
      // The clip's face is large: about a quarter of the frame's width, enough to narrow the frames.
      expect(faceSamples(data).some((sample) => sample.box!.width >= NARROW_FROM_FACE_WIDTH)).toBe(true);
      const classTabs = () => worker.evaluate(async () => ((await chrome.storage.session.get('classTabs')).classTabs ?? []) as Array<{ frameWidth?: number }>);
      const tabs = await waitFor(classTabs, (list) => list.some((tab) => tab.frameWidth !== undefined), 30_000, 'a class tab with an adapted frame width');
      const narrow = narrowWidth(DEFAULT_SETTINGS.frameWidth);
      expect(tabs.map((tab) => tab.frameWidth)).toContain(narrow);
      // The class page's hook follows: its first frames had the configured width, the latest the narrow one.
      const sentWidths = () => classPage.evaluate(() => (window as unknown as { hookFrameWidths: number[] }).hookFrameWidths);
      const widths = await waitFor(sentWidths, (list) => list.at(-1) === narrow, 30_000, `frames of ${narrow} px from the class page`);
      expect(widths[0]).toBe(DEFAULT_SETTINGS.frameWidth);
    });

    it("keeps the frames off the class page's window: its scripts see camera states and the frame port's hand-over only", async () => {
      await waitFor(stored, (d) => faceSamples(d).length >= 3, 180_000, 'three analysed frames with a face');
      const seen = await classPage.evaluate(() => (window as unknown as { pageSawMessages: string[] }).pageSawMessages);
      expect(seen).toContain('frame-port');
      expect(seen).not.toContain('frame');
    });

    it('stores the engagement cues of every frame: pose, eyes, concentration index and interest', async () => {
      const data = await stored();
      for (const sample of data.samples) expect(INTEREST_LABELS).toContain((sample.engagement as { interest?: string }).interest);
      const cues = faceSamples(data).map((sample) => sample.engagement as EngagementCues);
      for (const cue of cues) {
        // The clip's face looks at the camera (head leaning on one side: roll, not yaw).
        expect(Math.abs(cue.yaw!)).toBeLessThan(25);
        expect(Math.abs(cue.pitch!)).toBeLessThan(30);
        expect(typeof cue.facing).toBe('boolean');
        expect(cue.concentrationIndex!).toBeGreaterThanOrEqual(0);
        expect(cue.concentrationIndex!).toBeLessThanOrEqual(1);
        expect(['highly-engaged', 'nominally-engaged', 'not-engaged']).toContain(cue.level);
      }
      const interested = cues.filter((cue) => cue.interest === 'interested').length;
      expect(interested / cues.length).toBeGreaterThan(0.5);
      expect(cues.some((cue) => cue.eyesOpen === true)).toBe(true);
    });

    it('shows the live state and the backend in the popup', async () => {
      await extensionPage.reload();
      await expect.poll(() => extensionPage.getByTestId('live-backend').textContent(), { timeout: 20_000 }).toMatch(run.label);
      expect(await extensionPage.getByTestId('live-backend').textContent()).toMatch(run.detector);
      // Why the engine did not take the GPU backends ("webgl: … software renderer …" on a machine like this one).
      if (run.preference === 'auto') expect(await extensionPage.getByTestId('live-backend-note').textContent()).toMatch(/webgpu: .*; webgl: /);
      await expect.poll(() => extensionPage.getByTestId('status').textContent(), { timeout: 20_000 }).toMatch(/analys/i);
      await expect.poll(() => extensionPage.getByTestId('live-face').textContent(), { timeout: 20_000 }).toMatch(/face/i);
      // Attention and interest, live: the clip's student looks at the camera.
      await expect.poll(() => extensionPage.getByTestId('live-interest').textContent(), { timeout: 20_000 }).toMatch(/^(Interested|Not interested)$/);
      await expect.poll(() => extensionPage.getByTestId('live-head').textContent(), { timeout: 20_000 }).toMatch(/^(Facing the screen|Turned away)$/);
      await expect.poll(() => extensionPage.getByTestId('live-concentration').textContent(), { timeout: 20_000 }).toMatch(/engaged · index \d+%$/);
      await expect.poll(() => extensionPage.getByTestId('live-eyes').textContent(), { timeout: 20_000 }).toMatch(/^(Open|Closed|Not measured)$/);
      await expect.poll(() => extensionPage.getByTestId('live-gaze').textContent(), { timeout: 20_000 }).toMatch(/^(On the screen|Away from the screen|Not measured)$/);
      // Calibration: the session's first minute calibrates by itself (Calibrate waits meanwhile);
      // once learnt, "Calibrate" asks the background for a new minute and the popup shows it waiting or learning.
      const calibration = () => extensionPage.getByTestId('calibration-status').textContent();
      // Status text and button state read together, so a minute ending in between cannot mix them.
      const calibrating = () =>
        extensionPage.evaluate(() => {
          const text = document.querySelector('[data-testid="calibration-status"]')?.textContent ?? '';
          const button = document.querySelector<HTMLButtonElement>('[data-testid="calibration-start"]');
          return /^(Calibrating: look at the class|Calibration starts with the next analysed frame)/.test(text) && button?.disabled === true;
        });
      await expect.poll(calibration, { timeout: 20_000 }).toMatch(/^(Calibrating: look at the class|Calibrated .* from \d+ frames\.$)/);
      if ((await calibration())?.startsWith('Calibrated')) await extensionPage.getByTestId('calibration-start').click();
      await expect.poll(calibrating, { timeout: 20_000 }).toBe(true);
      await extensionPage.getByTestId('tab-session').click();
      await expect.poll(async () => Number((await extensionPage.getByTestId('session-frames').textContent())?.match(/\d+/)?.[0] ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => extensionPage.getByTestId('session-impression').textContent(), { timeout: 20_000 }).toMatch(/good|bad/i);
      // The research table and the engagement line on the timeline.
      const interestedRow = extensionPage.locator('[data-testid="session-interest"] tr[data-interest="interested"]');
      await expect.poll(async () => Number((await interestedRow.locator('td').first().textContent()) ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => extensionPage.getByTestId('session-engagement').textContent(), { timeout: 20_000 }).toMatch(/^Mean engagement: \d+%$/);
      expect(await extensionPage.locator('.timeline polyline.timeline__engagement').count()).toBeGreaterThan(0);
    });

    it('exports the session as CSV, JSON and text that parse', async () => {
      const data = await stored();
      await extensionPage.getByTestId('tab-session').click();
      const download = async (testId: string) => {
        const [file] = await Promise.all([extensionPage.waitForEvent('download'), extensionPage.getByTestId(testId).click()]);
        const path = await file.path();
        const { readFile } = await import('node:fs/promises');
        return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
      };
      const json = await download('export-json');
      expect(json.name).toMatch(/^raut-.*\.json$/);
      const parsed = parseExport(json.text);
      expect('session' in parsed && parsed.session.id).toBe(data.sessions[0]!.id);
      const csv = await download('export-csv');
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).toBe(CSV_COLUMNS.join(','));
      expect(lines.length - 1).toBeGreaterThanOrEqual(data.samples.length);
      // The engagement columns are filled from the stored cues.
      const interestColumn = CSV_COLUMNS.indexOf('interest');
      const yawColumn = CSV_COLUMNS.indexOf('yaw_deg');
      const rows = lines.slice(1).map((line) => line.split(','));
      for (const row of rows) expect(INTEREST_LABELS).toContain(row[interestColumn]);
      expect(rows.some((row) => row[interestColumn] === 'interested' && /^-?\d+\.\d$/.test(row[yawColumn] ?? ''))).toBe(true);
      expect('session' in parsed && parsed.samples.some((sample) => 'interest' in sample.engagement && sample.engagement.yaw !== undefined)).toBe(true);
      const text = await download('export-text');
      for (const expression of EXPRESSIONS) expect(text.text.toLowerCase()).toContain(expression);
      expect(text.text).toMatch(/impression/i);
      expect(text.text).toContain('Interest (share of all samples)');
      expect(text.text).toMatch(/^ {2}Interested +\d+ +\d+\.\d%$/m);
    });

    it('stops analysing while the class camera is off, and resumes when it is back on', async () => {
      await classPage.getByRole('button', { name: 'Turn camera off' }).click();
      await new Promise((resolve) => setTimeout(resolve, 2500)); // let a frame in flight land
      const before = (await stored()).samples.length;
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect((await stored()).samples.length).toBe(before);
      await classPage.getByRole('button', { name: 'Turn camera on' }).click();
      await waitFor(stored, (d) => d.samples.length > before, 60_000, 'analysis to resume');
    });

    it('keeps one session and every written sample across a service-worker restart', async () => {
      const cdp = await context.newCDPSession(extensionPage);
      const statuses: string[] = [];
      let versionId: string | null = null;
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const version of versions) {
          if (!version.scriptURL.startsWith(`chrome-extension://${id}/`)) continue;
          versionId = version.versionId;
          statuses.push(version.runningStatus);
        }
      });
      await cdp.send('ServiceWorker.enable');
      await waitFor(async () => versionId, (v) => v !== null, 10_000, 'the extension worker to be listed');
      await worker.evaluate(() => ((globalThis as { rautTestMarker?: boolean }).rautTestMarker = true));
      // Reading writes the samples waiting for their batch (sample-writer.ts); stopping the worker
      // outright loses only what waits in its memory, here at most a frame that came in between.
      const written = (await stored()).samples;
      const before = written.length;
      await cdp.send('ServiceWorker.stopWorker', { versionId: versionId! });
      // Stopped for real, then woken again by the next frame: a fresh global scope without the marker.
      await waitFor(async () => statuses.join(','), (s) => /stopped.*running/.test(s), 30_000, 'the worker to stop and start again');
      expect(await worker.evaluate(() => (globalThis as { rautTestMarker?: boolean }).rautTestMarker ?? false)).toBe(false);
      await waitFor(stored, (d) => d.samples.length >= before + 4, 90_000, 'samples after the worker restart');
      const data = await stored();
      expect(data.sessions).toHaveLength(1);
      const times = data.samples.map((sample) => sample.time).sort((a, b) => a - b);
      expect(times).toEqual(expect.arrayContaining(written.map((sample) => sample.time)));
      const gaps = times.slice(1).map((time, i) => time - times[i]!);
      // The camera-off pause above left a gap; everything after it must be unbroken. One frame is
      // analysed at a time, so the pace is 1 frame/s or the engine's own time per frame where that is
      // longer (WebGPU on SwiftShader emulates the GPU on the CPU): no gap may exceed 3.5 s or two and
      // a half times this run's median pace, whichever is larger, plus one pace for the frame that
      // may have waited in the stopped worker's memory. The restart itself costs about one pace; a
      // frame lost to the restart's handling would add more.
      const afterResume = gaps.slice(before - 1);
      const pace = [...afterResume].sort((a, b) => a - b)[Math.floor(afterResume.length / 2)]!;
      expect(Math.max(...afterResume)).toBeLessThan(Math.max(3500, 2.5 * pace) + pace);
    });

    it('attention only, switched on in Settings: no expression is analysed until it is switched off again', async () => {
      const framesAfter = (data: StoredData, time: number) => data.samples.filter((sample) => sample.time > time + 1500);
      await extensionPage.reload();
      await extensionPage.getByTestId('tab-settings').click();
      await extensionPage.getByTestId('setting-attention-only').check();
      const switchedAt = Date.now();
      const data = await waitFor(stored, (d) => framesAfter(d, switchedAt).filter((s) => s.faceFound).length >= 2, 90_000, 'samples in attention-only mode');
      for (const sample of framesAfter(data, switchedAt)) {
        expect(sample.probabilities).toBeNull();
        expect(sample.top).toBeNull();
        expect(sample.valence).toBeNull();
      }
      expect(framesAfter(data, switchedAt).some((sample) => typeof sample.engagement.interest === 'string')).toBe(true);
      await extensionPage.getByTestId('tab-live').click();
      await expect.poll(() => extensionPage.getByTestId('live-attention-only').count(), { timeout: 10_000 }).toBe(1);
      expect(await extensionPage.getByTestId('live-expression').count()).toBe(0);

      await extensionPage.getByTestId('tab-settings').click();
      await extensionPage.getByTestId('setting-attention-only').uncheck();
      const backAt = Date.now();
      await waitFor(stored, (d) => framesAfter(d, backAt).some((sample) => sample.probabilities !== null), 90_000, 'expressions analysed again');
    });

    it('ends the session when the class tab closes, keeping its samples', async () => {
      const count = (await stored()).samples.length;
      await classPage.close();
      const data = await waitFor(stored, (d) => d.sessions[0]?.status === 'ended', 20_000, 'the session to end');
      expect(data.sessions[0]!.endReason).toBe('tab closed');
      expect(data.samples.length).toBeGreaterThanOrEqual(count);
    });

    it('sent no network request off the machine', () => {
      expect(egress.attempts.filter((attempt) => !isChromiumOwnTraffic(attempt))).toEqual([]);
    });
  });
}
