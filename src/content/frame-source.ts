/**
 * Reads small RGBA frames from a camera track, without touching the class's own track:
 * every source works on a clone, which it stops when done.
 * Chromium: MediaStreamTrackProcessor (no element, no rendering). Elsewhere: a detached <video>.
 * The clone asks the camera for no more frames than the sampling needs (clonedFrameRate), so the
 * page does not wrap and drop 30 frames a second to keep one; the class's own track is untouched.
 */
import { BufferLender } from '../shared/buffer-lender';
import type { RawFrame } from '../shared/frame';
import { colourOf, isPlanarFormat, scaleToI420 } from '../shared/yuv';

export interface FrameSource {
  /** The freshest frame, downscaled to `width` (height keeps the aspect ratio), or null if none yet. */
  grab(width: number): Promise<RawFrame | null>;
  stop(): void;
}

type TrackProcessorConstructor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => {
  readable: ReadableStream<VideoFrame>;
};

/** Frames a second the clone takes at `samplesPerSecond`: twice the samples, so a frame waits at most half a period, and never under 2. */
export function clonedFrameRate(samplesPerSecond: number): number {
  return Math.max(2, 2 * samplesPerSecond);
}

/** A clone of the class's track that delivers at most `framesPerSecond`; a camera that cannot limit keeps its rate. */
function limitedClone(track: MediaStreamTrack, framesPerSecond: number): MediaStreamTrack {
  const clone = track.clone();
  void clone.applyConstraints({ frameRate: { max: framesPerSecond } }).catch(() => undefined);
  return clone;
}

function scaledSize(sourceWidth: number, sourceHeight: number, width: number): { width: number; height: number } {
  const targetWidth = Math.min(width, sourceWidth);
  return { width: Math.round(targetWidth), height: Math.max(16, Math.round((targetWidth * sourceHeight) / sourceWidth)) };
}

export class Downscaler {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  draw(source: CanvasImageSource, sourceWidth: number, sourceHeight: number, width: number): RawFrame {
    const size = scaledSize(sourceWidth, sourceHeight, width);
    if (!this.canvas || this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas = new OffscreenCanvas(size.width, size.height);
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!this.context) throw new Error('2D canvas unavailable');
    this.context.drawImage(source, 0, 0, size.width, size.height);
    const pixels = this.context.getImageData(0, 0, size.width, size.height);
    return { width: size.width, height: size.height, data: pixels.data.buffer as ArrayBuffer, time: Date.now() };
  }
}

/** VideoFrame fields newer than the DOM typings: a camera may deliver its picture turned or mirrored. */
interface OrientedFrame {
  rotation?: number;
  flip?: boolean;
}

/**
 * A camera frame in I420 / NV12 (what Chromium's cameras deliver), scaled from its planes into a
 * packed I420 frame (src/shared/yuv.ts); null for any other frame, which the caller draws instead.
 * The full-size planes are copied into a buffer from `planes` (0.46 MB at 640×480, 1.4 MB at 720p).
 */
export async function rawFromPlanes(frame: VideoFrame, width: number, planes = new BufferLender(0)): Promise<RawFrame | null> {
  const { rotation = 0, flip = false } = frame as VideoFrame & OrientedFrame;
  const { format, visibleRect: visible } = frame;
  if (!isPlanarFormat(format) || rotation !== 0 || flip || !visible) return null;
  const bytes = frame.allocationSize();
  return planes.with(bytes, async (buffer) => {
    const data = new Uint8Array(buffer, 0, bytes);
    const layout = await frame.copyTo(data);
    const size = scaledSize(frame.displayWidth, frame.displayHeight, Math.min(width, visible.width));
    const picture = { format, data, layout, width: visible.width, height: visible.height, matrix: frame.colorSpace.matrix ?? null, fullRange: frame.colorSpace.fullRange ?? false };
    const height = Math.min(size.height, visible.height);
    return { format: 'i420', colour: colourOf(picture), width: size.width, height, data: scaleToI420(picture, size.width, height).buffer as ArrayBuffer, time: Date.now() };
  });
}

class TrackProcessorSource implements FrameSource {
  private readonly clone: MediaStreamTrack;
  private readonly reader: ReadableStreamDefaultReader<VideoFrame>;
  private readonly downscaler = new Downscaler();
  private readonly planes = new BufferLender(1);

  constructor(track: MediaStreamTrack, framesPerSecond: number, Processor: TrackProcessorConstructor) {
    this.clone = limitedClone(track, framesPerSecond);
    // A buffer of one keeps only the newest frame, so a read returns a fresh picture.
    this.reader = new Processor({ track: this.clone, maxBufferSize: 1 }).readable.getReader();
  }

  async grab(width: number): Promise<RawFrame | null> {
    const { value: frame, done } = await this.reader.read();
    if (done || !frame) return null;
    try {
      return (await rawFromPlanes(frame, width, this.planes)) ?? this.downscaler.draw(frame, frame.displayWidth, frame.displayHeight, width);
    } finally {
      frame.close();
    }
  }

  stop(): void {
    void this.reader.cancel().catch(() => undefined);
    this.clone.stop();
  }
}

class VideoElementSource implements FrameSource {
  private readonly clone: MediaStreamTrack;
  private readonly video = document.createElement('video');
  private readonly downscaler = new Downscaler();

  constructor(track: MediaStreamTrack, framesPerSecond: number) {
    this.clone = limitedClone(track, framesPerSecond);
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = new MediaStream([this.clone]);
    void this.video.play().catch(() => undefined);
  }

  async grab(width: number): Promise<RawFrame | null> {
    if (this.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || this.video.videoWidth === 0) return null;
    return this.downscaler.draw(this.video, this.video.videoWidth, this.video.videoHeight, width);
  }

  stop(): void {
    this.video.srcObject = null;
    this.clone.stop();
  }
}

/** A source on a clone of `track` that takes frames at clonedFrameRate(samplesPerSecond). */
export function createFrameSource(track: MediaStreamTrack, samplesPerSecond: number): FrameSource {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
  const framesPerSecond = clonedFrameRate(samplesPerSecond);
  return Processor ? new TrackProcessorSource(track, framesPerSecond, Processor) : new VideoElementSource(track, framesPerSecond);
}
