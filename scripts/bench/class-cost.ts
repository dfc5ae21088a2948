/**
 * Parts 2 and 3: what Raut costs a running class, and how soon it answers once the camera is on.
 * The demo class page (scripts/demo-server.ts) with the fake face camera (scripts/face-clips.ts) in
 * Debian's Chromium with the built extension (dist/chrome), one browser for everything:
 *  - CPU of the whole Chromium process tree (/proc, see proc.ts) over windows in which Raut is paused,
 *    analysing at 1 frame/s and at 5 frames/s, the three conditions rotating round by round so the
 *    machine's load hits all alike; Raut's added CPU = analysing − paused within each round, as % of
 *    one core, over the rounds a Hodges–Lehmann estimate with its 95 % interval (addedCpu);
 *    the same split by process role and thread (threads.ts), to see where the added CPU goes;
 *  - the class page's own video frame rate (`requestVideoFrameCallback` on `#self`) in each window;
 *  - the offscreen document's JS heap (CDP `Runtime.getHeapUsage` on its `background_page` target);
 *  - cold start: class page opened and joined with the offscreen engine closed but its models in the
 *    profile's caches (they were loaded before in the same profile), camera on → first stored sample.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { chromiumAvailable, EXTENSION_DIR, type LaunchedBrowser } from '../../tests/helpers/chromium.ts';
import { extensionId, extensionWorker, openExtensionPage, prepareExtension, waitFor } from '../../tests/helpers/extension.ts';
import type { DetectorDelegate, EngineStatus, LiveStatus, Settings } from '../../src/shared/types.ts';
import { adapterLine, describeWebgpuAdapter, type BenchBackend } from '../../tests/harness/bench-page/api.ts';
import type { DemoServer } from '../demo-server.ts';
import { ffmpegAvailable } from '../face-clips.ts';
import { launchBenchClass } from './bench-class.ts';
import { browserPid, clockTicksPerSecond, percentOfOneCore, processesWith, rssMb, snapshot, treeTicksBetween } from './proc.ts';
import { hodgesLehmann, hodgesLehmannInterval95, median } from './stats.ts';
import { isOffscreenDocument, TargetSession } from './target-session.ts';
import { threadSnapshot, ticksByKey } from './threads.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Condition = 'paused' | '1fps' | '5fps';
export const CONDITIONS: readonly Condition[] = ['paused', '1fps', '5fps'];

export interface CostWindow {
  condition: Condition;
  round: number;
  wallS: number;
  /** CPU seconds of the whole Chromium tree in the window. */
  cpuS: number;
  cpuPct: number;
  /**
   * Frames per second of the class page's own `#self` video: `requestVideoFrameCallback` calls, or where
   * those never come (headless Chromium with --disable-gpu composites no frames, so they never fire),
   * `getVideoPlaybackQuality().totalVideoFrames`.
   */
  videoFps: number;
  videoFpsSource: 'requestVideoFrameCallback' | 'totalVideoFrames';
  /** `droppedVideoFrames` per second. */
  droppedFps: number;
  /** Samples Raut stored during the window. */
  samples: number;
  /** CPU seconds per "process role / thread" (threads.ts): where the window's CPU went. */
  threads: Record<string, number>;
}

export interface HeapReading {
  usedMb: number;
  totalMb: number;
  /** Blink's own objects (DOM, canvases' wrappers) outside the V8 heap. */
  embedderMb: number;
  /** ArrayBuffer backing stores, which are outside the JS heap. */
  backingMb: number;
}

export interface ColdStart {
  /** Camera on (getUserMedia resolved in the class page) → first sample stored in IndexedDB. */
  ms: number;
  /** Camera on → capture of the frame that became that sample (the rest is engine start + analysis + write). */
  firstFrameMs: number;
  /** The backend the engine ran that first sample on. */
  backend: string;
  page: Page;
}

export interface ClassCostOptions {
  /** The engine's backend preference; the run stops if the engine ends up on another. */
  backend: BenchBackend;
  windowS: number;
  rounds: number;
  /** Seconds analysing at 5 fps before the windows, not counted. */
  warmUpS: number;
  coldRuns: number;
  log: (line: string) => void;
}

export interface ClassCostResult {
  /** With the webgpu backend: the adapter the extension got; null on wasm. */
  webgpuAdapter: string | null;
  /** MediaPipe's delegate the extension's face detector runs on (the engine picks GPU only where WebGL has a real GPU). */
  faceDetector: DetectorDelegate | null;
  windows: CostWindow[];
  addedCpu1fps: AddedCpu | null;
  addedCpu5fps: AddedCpu | null;
  /** The largest offscreen JS heap seen at the end of an analysing window. */
  heap: HeapReading | null;
  heapNote: string | null;
  /** RSS of the extension renderer process(es) (offscreen document, popup) at the end, MiB. */
  extensionRssMb: number | null;
  /** First join of the profile: models not cached yet. */
  firstColdStartMs: number | null;
  coldStartsMs: number[];
}

/** Raut's added CPU at one sampling rate, over the rounds. */
export interface AddedCpu {
  /**
   * % of one core: the Hodges–Lehmann estimate (stats.ts) over the rounds' differences, each
   * mean(analysing) − mean(paused) within its round. A window disturbed by the shared machine
   * (one paused window read 34 % against 20–26 % in its run) moves it far less than the mean.
   */
  pct: number;
  /** Its distribution-free 95 % confidence interval; null under six rounds. */
  ci95: [number, number] | null;
  rounds: number;
  /** The plain mean of the rounds' differences, for comparison with the bench's earlier runs. */
  meanPct: number;
}

/**
 * The rounds' differences, mean(analysing) − mean(paused) within each round, of `value` (default: the
 * whole tree's CPU, % of one core); rounds without both kinds of window are left out.
 */
export function roundDifferences(
  windows: readonly CostWindow[],
  condition: Exclude<Condition, 'paused'>,
  value: (w: CostWindow) => number = (w) => w.cpuPct,
): number[] {
  const differences: number[] = [];
  for (const round of new Set(windows.map((w) => w.round))) {
    const inRound = windows.filter((w) => w.round === round);
    const mean = (c: Condition) => {
      const picked = inRound.filter((w) => w.condition === c);
      return picked.length === 0 ? null : picked.reduce((sum, w) => sum + value(w), 0) / picked.length;
    };
    const analysing = mean(condition);
    const paused = mean('paused');
    if (analysing !== null && paused !== null) differences.push(analysing - paused);
  }
  return differences;
}

/** Raut's added CPU at `condition` over the rounds; null without a round that has both windows. */
export function addedCpu(windows: readonly CostWindow[], condition: Exclude<Condition, 'paused'>): AddedCpu | null {
  const differences = roundDifferences(windows, condition);
  if (differences.length === 0) return null;
  return {
    pct: hodgesLehmann(differences),
    ci95: hodgesLehmannInterval95(differences),
    rounds: differences.length,
    meanPct: differences.reduce((a, b) => a + b, 0) / differences.length,
  };
}

/** Round r runs the conditions rotated by r (paused,1,5 / 1,5,paused / 5,paused,1 …). */
export function windowOrder(rounds: number): { condition: Condition; round: number }[] {
  const order: { condition: Condition; round: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < CONDITIONS.length; k++) order.push({ condition: CONDITIONS[(k + round) % CONDITIONS.length]!, round });
  }
  return order;
}

/** Per "process role / thread": mean over rounds of (analysing − paused) CPU, as % of one core, largest first. */
export function addedCpuByThread(windows: readonly CostWindow[], condition: Exclude<Condition, 'paused'>): [string, number][] {
  const keys = new Set(windows.flatMap((w) => Object.keys(w.threads)));
  const added: [string, number][] = [];
  for (const key of keys) {
    const differences = roundDifferences(windows, condition, (w) => percentOfOneCore(w.threads[key] ?? 0, w.wallS));
    if (differences.length > 0) added.push([key, differences.reduce((a, b) => a + b, 0) / differences.length]);
  }
  return added.sort((a, b) => b[1] - a[1]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * After a settings change, before a window: frames in flight land, the new rate takes hold, and the
 * change's own work dies down (the popup that made it, the camera clone's restart), which in 4-s bins
 * kept the tree's CPU raised for ≈ 8–12 s after the change, paused or analysing.
 */
export const SETTLE_MS = 12_000;

export function classCostUnavailable(): string | null {
  if (process.platform !== 'linux') return 'CPU time is read from /proc (Linux only)';
  if (!chromiumAvailable()) return 'Debian chromium is not installed';
  if (!ffmpegAvailable()) return 'ffmpeg is not installed (the fake camera clip is built with it)';
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) return `no built extension in ${EXTENSION_DIR}: run "npx vite build" (or npm run build) first`;
  return null;
}

/**
 * Runs `work` in a freshly opened extension page and closes it again, so that no popup (which polls
 * the live status) stays open through a measured window.
 */
export async function inExtensionPage<T>(context: BrowserContext, id: string, work: (page: Page) => Promise<T>): Promise<T> {
  const page = await openExtensionPage(context, id, 'src/popup/popup.html');
  try {
    return await work(page);
  } finally {
    await page.close();
  }
}

/** Changes the stored settings and tells the running extension, as the popup does. */
export async function applySettings(context: BrowserContext, id: string, patch: Partial<Settings>): Promise<void> {
  await prepareExtension(await extensionWorker(context), patch);
  await inExtensionPage(context, id, (page) => page.evaluate(() => chrome.runtime.sendMessage({ type: 'settings-changed' })));
}

class Bench {
  private readonly tick = clockTicksPerSecond();
  private root = 0;

  constructor(
    private readonly browser: LaunchedBrowser,
    private readonly id: string,
    private readonly demo: DemoServer,
    private readonly log: (line: string) => void,
  ) {
    this.root = browserPid(browser.userDataDir);
  }

  get context(): BrowserContext {
    return this.browser.context;
  }

  /** inExtensionPage() with this bench's extension. */
  inExtensionPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
    return inExtensionPage(this.context, this.id, work);
  }

  applySettings(patch: Partial<Settings>): Promise<void> {
    return applySettings(this.context, this.id, patch);
  }

  sampleCount(page: Page): Promise<number> {
    return page.evaluate(countSamples, null);
  }

  /** Opens the class page (?autojoin), recording when getUserMedia resolved and counting its video's frames. */
  async openClass(): Promise<Page> {
    const page = await this.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __benchCameraAt?: number; __benchFrames: number };
      w.__benchFrames = 0;
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await original(constraints);
        w.__benchCameraAt ??= Date.now();
        return stream;
      };
      document.addEventListener('DOMContentLoaded', () => {
        const video = document.getElementById('self') as HTMLVideoElement | null;
        const count = () => {
          w.__benchFrames++;
          video?.requestVideoFrameCallback(count);
        };
        video?.requestVideoFrameCallback(count);
      });
    });
    await page.goto(`${this.demo.url}?autojoin`);
    return page;
  }

  /** Camera-on → first stored sample, with the class page opened by this call. */
  async coldStart(): Promise<ColdStart> {
    return this.inExtensionPage(async (extensionPage) => {
      const before = await this.sampleCount(extensionPage);
      const stored = extensionPage.evaluate(firstStoredAfter, { before, timeoutMs: 120_000 });
      const page = await this.openClass();
      const { storedAt, frameTime, backend } = await stored;
      const cameraAt = await page.evaluate(() => (window as unknown as { __benchCameraAt?: number }).__benchCameraAt ?? null);
      if (cameraAt === null) throw new Error('the class page never got its camera');
      return { ms: storedAt - cameraAt, firstFrameMs: frameTime - cameraAt, backend, page };
    });
  }

  /** Closes the offscreen document, as after a browser restart: the next frame must create it and load the models. */
  async closeEngine(): Promise<void> {
    const worker = await extensionWorker(this.context);
    await worker.evaluate(async () => {
      const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] });
      if (contexts.length > 0) await chrome.offscreen.closeDocument();
    });
  }

  async window(classPage: Page, condition: Condition, round: number, windowS: number, label = `round ${round + 1}`): Promise<CostWindow> {
    await this.applySettings(condition === 'paused' ? { paused: true } : { paused: false, samplesPerSecond: condition === '1fps' ? 1 : 5 });
    await sleep(SETTLE_MS);
    const frames = () => classPage.evaluate(videoCounters);
    const framesBefore = await frames();
    const before = snapshot();
    const threadsBefore = threadSnapshot(before, this.root);
    const startedAt = Date.now();
    const start = performance.now();
    await sleep(windowS * 1000);
    const after = snapshot();
    const wallS = (performance.now() - start) / 1000;
    const endedAt = Date.now();
    const threadsAfter = threadSnapshot(after, this.root);
    const framesAfter = await frames();
    const cpuS = treeTicksBetween(before, after, this.root) / this.tick;
    // Counted afterwards, by capture time: an extension page opened just before the window would leave its work in it.
    const samples = await this.inExtensionPage((page) => page.evaluate(countSamples, { from: startedAt, to: endedAt }));
    const callbacks = framesAfter.callbacks - framesBefore.callbacks;
    const result: CostWindow = {
      condition,
      round,
      wallS,
      cpuS,
      cpuPct: percentOfOneCore(cpuS, wallS),
      videoFps: (callbacks > 0 ? callbacks : framesAfter.total - framesBefore.total) / wallS,
      videoFpsSource: callbacks > 0 ? 'requestVideoFrameCallback' : 'totalVideoFrames',
      droppedFps: (framesAfter.dropped - framesBefore.dropped) / wallS,
      samples,
      threads: Object.fromEntries([...ticksByKey(threadsBefore, threadsAfter)].map(([key, ticks]) => [key, ticks / this.tick])),
    };
    this.log(
      `  ${label} ${condition.padEnd(6)} ${wallS.toFixed(1)} s: CPU ${cpuS.toFixed(2)} s = ${result.cpuPct.toFixed(1)} % of a core, ` +
        `video ${result.videoFps.toFixed(1)} fps (${result.videoFpsSource}, ${result.droppedFps.toFixed(1)} dropped/s), ` +
        `${samples} samples captured in it`,
    );
    return result;
  }

  /** The offscreen document's heap through CDP, from an extension page's session. */
  async offscreenHeap(): Promise<HeapReading> {
    return this.inExtensionPage(async (page) => {
      const cdp = await this.context.newCDPSession(page);
      try {
        const target = await TargetSession.attach(cdp, isOffscreenDocument, 'offscreen document');
        const r = await target.send<{ usedSize: number; totalSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number }>(
          'Runtime.getHeapUsage',
        );
        await target.detach();
        const mb = (bytes: number | undefined) => (bytes ?? 0) / 2 ** 20;
        return { usedMb: mb(r.usedSize), totalMb: mb(r.totalSize), embedderMb: mb(r.embedderHeapUsedSize), backingMb: mb(r.backingStorageSize) };
      } finally {
        await cdp.detach().catch(() => undefined);
      }
    });
  }
}

/** In the class page: the `#self` video's frame counters. */
function videoCounters(): { callbacks: number; total: number; dropped: number } {
  const video = document.getElementById('self') as HTMLVideoElement | null;
  const quality = video?.getVideoPlaybackQuality();
  return {
    callbacks: (window as unknown as { __benchFrames: number }).__benchFrames,
    total: quality?.totalVideoFrames ?? 0,
    dropped: quality?.droppedVideoFrames ?? 0,
  };
}

/**
 * In an extension page: the samples in Raut's IndexedDB, or those captured from `from` to `to` (epoch
 * ms), once the worker has written those still waiting for their batch (the last seconds of a window).
 */
export async function countSamples(captured: { from: number; to: number } | null): Promise<number> {
  await chrome.runtime.sendMessage({ type: 'flush-samples' }).catch(() => undefined);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('raut');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains('samples')) return 0;
    const times = await new Promise<number[]>((resolve, reject) => {
      const request = db.transaction('samples').objectStore('samples').getAll();
      request.onsuccess = () => resolve((request.result as { time: number }[]).map((sample) => sample.time));
      request.onerror = () => reject(request.error);
    });
    return captured ? times.filter((time) => time >= captured.from && time < captured.to).length : times.length;
  } finally {
    db.close();
  }
}

/**
 * In an extension page: polls the sample count every 20 ms; the Date.now() at which it first exceeds
 * `before`, and the capture time (`time`) and backend of the newest sample then.
 */
async function firstStoredAfter({ before, timeoutMs }: { before: number; timeoutMs: number }): Promise<{ storedAt: number; frameTime: number; backend: string }> {
  const deadline = Date.now() + timeoutMs;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('raut');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    for (;;) {
      const count = db.objectStoreNames.contains('samples')
        ? await new Promise<number>((resolve, reject) => {
            const request = db.transaction('samples').objectStore('samples').count();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          })
        : 0;
      if (count > before) {
        const storedAt = Date.now();
        const samples = await new Promise<{ time: number; backend: string }[]>((resolve, reject) => {
          const request = db.transaction('samples').objectStore('samples').getAll();
          request.onsuccess = () => resolve(request.result as { time: number; backend: string }[]);
          request.onerror = () => reject(request.error);
        });
        const newest = samples.reduce((a, b) => (b.time > a.time ? b : a));
        return { storedAt, frameTime: newest.time, backend: newest.backend };
      }
      if (Date.now() > deadline) throw new Error(`no sample stored within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    db.close();
  }
}

/** The running engine's status (backend, detector delegate, fallback remark), as the popup reads it. */
export function engineStatusIn(context: BrowserContext, id: string): Promise<EngineStatus> {
  return inExtensionPage(context, id, (page) => page.evaluate(async () => ((await chrome.runtime.sendMessage({ type: 'get-status' })) as LiveStatus).engine));
}

/** The extension's WebGPU adapter, named as the bench page names one. */
async function webgpuAdapterIn(worker: Worker): Promise<string> {
  const adapter = await worker.evaluate(describeWebgpuAdapter);
  if (adapter === null) throw new Error('--backend webgpu: the extension gets no WebGPU adapter on this machine');
  return adapter;
}

export async function benchClassCost(options: ClassCostOptions): Promise<ClassCostResult> {
  const { log } = options;
  const benchClass = await launchBenchClass('raut-bench-extension-', [], options.backend === 'webgpu' ? 'webgpu' : 'none');
  const { browser, demo } = benchClass;
  try {
    const worker = await extensionWorker(browser.context);
    const id = extensionId(worker);
    const webgpuAdapter = options.backend === 'webgpu' ? await webgpuAdapterIn(worker) : null;
    if (webgpuAdapter !== null) log(`${adapterLine(webgpuAdapter)} (the extension's service worker)`);
    await prepareExtension(worker, { paused: false, samplesPerSecond: 1, backendPreference: options.backend });
    const bench = new Bench(browser, id, demo, log);

    // First join of this profile: the engine loads its models for the first time.
    log('cold start, first join of a fresh profile (models not cached yet)…');
    const first = await bench.coldStart();
    log(`  camera on → first stored sample: ${first.ms} ms (frame captured at +${first.firstFrameMs} ms), engine on ${first.backend}`);
    // A preference is not a promise: the engine falls back when its backend fails, and a figure must not carry the wrong name.
    if (first.backend !== options.backend) throw new Error(`the extension's engine runs on ${first.backend}, not ${options.backend}: see the popup's engine status for why`);
    const { detector: faceDetector, message } = await engineStatusIn(browser.context, id);
    log(`  face detector on MediaPipe's ${faceDetector ?? 'unknown'} delegate${message ? ` (${JSON.stringify(message)})` : ''}`);
    let classPage = first.page;

    if (options.warmUpS > 0) {
      // V8 compiles the per-frame code (JS, and the models' wasm) as it turns hot: ≈ 0.5 s of compiling spread over
      // the first few hundred frames, a class's first minutes at 1 frame/s. Measured here, it fell on whichever
      // window came first; the target is the cost during a class.
      log(`warm-up, not counted: ${options.warmUpS} s analysing at 5 frames/s`);
      await bench.window(classPage, '5fps', 0, options.warmUpS, 'warm-up');
    }
    log(`class cost: ${options.rounds} rounds × (paused, 1 fps, 5 fps) windows of ${options.windowS} s, order rotating`);
    const windows: CostWindow[] = [];
    const heaps: HeapReading[] = [];
    let heapNote: string | null = null;
    for (const { condition, round } of windowOrder(options.rounds)) {
      windows.push(await bench.window(classPage, condition, round, options.windowS));
      if (condition !== 'paused') {
        try {
          heaps.push(await bench.offscreenHeap());
        } catch (error) {
          heapNote = `offscreen heap unreachable: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
    }
    for (const condition of ['1fps', '5fps'] as const) {
      const top = addedCpuByThread(windows, condition).filter(([, pct]) => Math.abs(pct) >= 0.3);
      log(`added CPU at ${condition} by process / thread (analysing − paused, mean over rounds, % of one core):`);
      for (const [key, pct] of top.slice(0, 14)) log(`  ${pct.toFixed(1).padStart(6)}  ${key}`);
    }
    const heap = heaps.length === 0 ? null : heaps.reduce((a, b) => (b.usedMb > a.usedMb ? b : a));
    if (heap) {
      log(
        `offscreen document heap (largest after an analysing window): JS ${heap.usedMb.toFixed(1)} MB used of ${heap.totalMb.toFixed(1)} MB, ` +
          `embedder ${heap.embedderMb.toFixed(1)} MB, ArrayBuffer backing stores ${heap.backingMb.toFixed(1)} MB`,
      );
    } else log(heapNote ?? 'offscreen heap: not measured');
    const extensionPids = processesWith('--extension-process');
    const rss = extensionPids.map(rssMb).filter((v): v is number => v !== null);
    const extensionRssMb = rss.length === 0 ? null : rss.reduce((a, b) => a + b, 0);
    if (extensionRssMb !== null) {
      log(`extension renderer process RSS (${extensionPids.length} process(es): offscreen document, service worker, popup): ${extensionRssMb.toFixed(0)} MB`);
    }

    log(`cold start with the models cached (same profile), ${options.coldRuns} runs…`);
    await bench.applySettings({ paused: false, samplesPerSecond: 1 });
    const coldStartsMs: number[] = [];
    for (let run = 0; run < options.coldRuns; run++) {
      await classPage.close();
      await bench.closeEngine();
      await waitFor(
        async () => (await extensionWorker(browser.context)).evaluate(() => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] }).then((c) => c.length)),
        (count) => count === 0,
        10_000,
        'the offscreen document to close',
      );
      await sleep(2000);
      const cold = await bench.coldStart();
      classPage = cold.page;
      coldStartsMs.push(cold.ms);
      log(`  run ${run + 1}: camera on → first stored sample ${cold.ms} ms (frame captured at +${cold.firstFrameMs} ms)`);
    }
    await classPage.close();
    return {
      webgpuAdapter,
      faceDetector,
      windows,
      addedCpu1fps: addedCpu(windows, '1fps'),
      addedCpu5fps: addedCpu(windows, '5fps'),
      heap,
      heapNote,
      extensionRssMb,
      firstColdStartMs: first.ms,
      coldStartsMs,
    };
  } finally {
    await benchClass.close();
  }
}

export const coldStartMedian = (runs: readonly number[]): number | null => (runs.length === 0 ? null : median(runs));
