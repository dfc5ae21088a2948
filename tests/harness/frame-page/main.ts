/**
 * Test page for the hook's frame reading (src/content/frame-source.ts) on Chromium's fake camera:
 * one VideoFrame read both ways, from its YUV planes (scaled as I420, then turned into RGBA as the
 * engine does) and drawn on a canvas, so a test can compare them. Built and served by tests/e2e/frame-source.test.ts.
 */
import { createFrameSource, Downscaler, rawFromPlanes } from '../../../src/content/frame-source';
import { rgbaOf } from '../../../src/shared/frame';

export interface FrameComparison {
  format: string | null;
  /** The frame format the planes route produced ('i420'). */
  rawFormat: string | null;
  /** Null when the planes route declined the frame. */
  planes: { width: number; height: number } | null;
  canvas: { width: number; height: number };
  meanAbsDifference: number;
  maxAbsDifference: number;
}

async function compare(width: number): Promise<FrameComparison> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  const [track] = stream.getVideoTracks();
  const Processor = (globalThis as unknown as { MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> } }).MediaStreamTrackProcessor;
  const reader = new Processor({ track: track! }).readable.getReader();
  const { value: frame } = await reader.read();
  if (!frame) throw new Error('the fake camera gave no frame');
  try {
    const planes = await rawFromPlanes(frame, width);
    const canvas = new Downscaler().draw(frame, frame.displayWidth, frame.displayHeight, width);
    let sum = 0;
    let max = 0;
    if (planes) {
      const a = rgbaOf(planes);
      const b = new Uint8ClampedArray(canvas.data);
      for (let i = 0; i < a.length; i++) {
        if (i % 4 === 3) continue;
        const difference = Math.abs(a[i]! - b[i]!);
        sum += difference;
        max = Math.max(max, difference);
      }
    }
    return {
      format: frame.format,
      rawFormat: planes?.format ?? null,
      planes: planes && { width: planes.width, height: planes.height },
      canvas: { width: canvas.width, height: canvas.height },
      meanAbsDifference: planes ? sum / (planes.width * planes.height * 3) : NaN,
      maxAbsDifference: max,
    };
  } finally {
    frame.close();
    track!.stop();
  }
}

export interface RateCount {
  /** Frames the hook's source handed out while grabbing as fast as it could. */
  sourceFrames: number;
  /** Frames the class's own track delivered in the same time, read by a second processor. */
  classFrames: number;
  classFrameRateBefore: number | null;
  classFrameRateAfter: number | null;
}

type Processor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };

/** The hook's frame source at `samplesPerSecond`, grabbed back to back for `ms`, beside the class's own track. */
async function countRates(samplesPerSecond: number, ms: number): Promise<RateCount> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 } });
  const [track] = stream.getVideoTracks();
  const classFrameRateBefore = track!.getSettings().frameRate ?? null;
  const source = createFrameSource(track!, samplesPerSecond);
  await source.grab(64);
  await new Promise((done) => setTimeout(done, 500)); // the clone's frame-rate limit applies asynchronously
  const classReader = new (globalThis as unknown as { MediaStreamTrackProcessor: Processor }).MediaStreamTrackProcessor({ track: track! }).readable.getReader();
  const until = performance.now() + ms;
  let classFrames = 0;
  const readClass = (async () => {
    while (performance.now() < until) {
      const { value } = await classReader.read();
      value?.close();
      classFrames++;
    }
  })();
  let sourceFrames = 0;
  while (performance.now() < until) if (await source.grab(64)) sourceFrames++;
  await readClass;
  const classFrameRateAfter = track!.getSettings().frameRate ?? null;
  source.stop();
  void classReader.cancel();
  track!.stop();
  return { sourceFrames, classFrames, classFrameRateBefore, classFrameRateAfter };
}

Object.assign(window, { compareFrameRoutes: compare, countFrameRates: countRates, frameHarnessReady: true });
